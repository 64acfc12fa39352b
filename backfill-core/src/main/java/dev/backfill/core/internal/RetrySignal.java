package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillException;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.RateLimitStatus;
import java.time.Instant;

/** A stage's request to try the attempt again, and why; {@link RetryLoop} decides whether and when. */
abstract class RetrySignal extends RuntimeException {
  final String reason;

  RetrySignal(String reason) {
    super(reason, null, false, false);
    this.reason = reason;
  }

  /** A failure worth another attempt after a backoff: 5xx, connection trouble, timeout, unparseable body. */
  static final class Transient extends RetrySignal {
    final Instant retryAt;
    final BackfillException whenExhausted;

    Transient(String reason, Instant retryAt, BackfillException whenExhausted) {
      super(reason);
      this.retryAt = retryAt;
      this.whenExhausted = whenExhausted;
    }
  }

  /** The provider's budget or a throttle: wait until {@code until}, then try again. */
  static final class Wait extends RetrySignal {
    final Instant until;
    final RateLimitStatus status;

    Wait(String reason, Instant until, RateLimitStatus status) {
      super(reason);
      this.until = until;
      this.status = status;
    }
  }

  /** The provider refused {@code rejected}: refresh it once and try again. */
  static final class Refresh extends RetrySignal {
    final Credential rejected;
    final int status;
    /** Whether the provider had accepted this credential before: it expired rather than never worked. */
    final boolean acceptedBefore;
    /** Whether another request had been refused this credential first, and refreshes it. */
    final boolean refusedBefore;

    Refresh(Credential rejected, int status, boolean acceptedBefore, boolean refusedBefore) {
      super("credential refused (HTTP " + status + ")");
      this.rejected = rejected;
      this.status = status;
      this.acceptedBefore = acceptedBefore;
      this.refusedBefore = refusedBefore;
    }
  }
}
