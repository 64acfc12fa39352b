package dev.backfill.core.internal;

import dev.backfill.core.spi.RateLimitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/** Receives what the HTTP client does for one worker, so the runner can count and report it. */
public interface HttpObserver {
  HttpObserver NONE = new HttpObserver() {};

  /** A request is about to be sent; {@link #requestEnded} follows it, whatever happens. */
  default void requestSent() {}

  /** The request ended with an answer of {@code status}, or with none (empty). */
  default void requestEnded(OptionalInt status) {}

  /** An answer announced the connection's request budget. */
  default void budgetReported(RateLimitStatus budget) {}

  /** A failed attempt will be retried after {@code delay}. */
  default void retrying(int failedAttempt, String reason, Duration delay) {}

  /** The client pauses until {@code until} for the provider's budget or a throttle. */
  default void rateLimitWait(Instant until, String reason) {}

  /** The credential was invalidated after a 401 and a fresh one requested. */
  default void credentialRefreshed() {}
}
