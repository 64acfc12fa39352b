package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillCancelledException;
import java.time.Duration;

/** Sleeps between attempts and for rate limits; an interrupt is a cancellation. */
final class Sleeper {
  private Sleeper() {}

  static void sleep(Duration wait, String safeUrl) {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      Thread.sleep(wait.plusNanos(999_999).toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while waiting to call " + safeUrl);
    }
  }
}
