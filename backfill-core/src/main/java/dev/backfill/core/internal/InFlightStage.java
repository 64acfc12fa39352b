package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillCancelledException;

/**
 * Holds the connection's requests in flight at or below its limit, which a response stage may
 * lower to what the provider announces.
 */
final class InFlightStage implements Stage {
  private final InFlightLimit limit;

  InFlightStage(InFlightLimit limit) {
    this.limit = limit;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    try {
      limit.acquire();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while calling " + attempt.safeUrl);
    }
    Answer answer;
    try {
      answer = chain.proceed(attempt);
    } finally {
      limit.release();
    }
    return answer;
  }
}
