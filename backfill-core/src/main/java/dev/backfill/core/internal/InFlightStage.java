package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillCancelledException;
import java.util.Optional;

/**
 * Holds the connection's requests in flight at or below its limit, and lowers the limit to what
 * the provider announces in a header, when it announces one.
 */
final class InFlightStage implements Stage {
  private final InFlightLimit limit;
  private final Optional<String> announcementHeader;

  InFlightStage(InFlightLimit limit, Optional<String> announcementHeader) {
    this.limit = limit;
    this.announcementHeader = announcementHeader;
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
    announcementHeader.flatMap(answer.headers::firstValue).ifPresent(limit::announce);
    return answer;
  }
}
