package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillCancelledException;

/**
 * Holds the connection's requests in flight at or below its limit, which a response stage may
 * lower to what the provider announces, and which grows while requests sent at it succeed.
 */
final class InFlightStage implements Stage {
  private final InFlightLimit limit;

  InFlightStage(InFlightLimit limit) {
    this.limit = limit;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    boolean probe;
    try {
      probe = limit.acquire();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while calling " + attempt.safeUrl);
    }
    Answer answer = null;
    try {
      answer = chain.proceed(attempt);
    } finally {
      limit.release(probe, answer != null && answer.status / 100 == 2);
    }
    return answer;
  }
}
