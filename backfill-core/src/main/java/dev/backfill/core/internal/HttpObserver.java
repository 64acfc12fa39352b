package dev.backfill.core.internal;

import java.time.Duration;
import java.time.Instant;

/** Receives what the HTTP client does for one worker, so the runner can count and report it. */
public interface HttpObserver {
  HttpObserver NONE = new HttpObserver() {};

  /** A request is about to be sent. */
  default void requestSent() {}

  /** A failed attempt will be retried after {@code delay}. */
  default void retrying(int failedAttempt, String reason, Duration delay) {}

  /** The client pauses until {@code until} for the provider's budget or a throttle. */
  default void rateLimitWait(Instant until, String reason) {}

  /** The credential was invalidated after a 401 and a fresh one requested. */
  default void credentialRefreshed() {}
}
