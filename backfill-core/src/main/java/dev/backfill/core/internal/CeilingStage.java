package dev.backfill.core.internal;

import dev.failsafe.RateLimiter;
import java.time.Clock;
import java.time.Duration;

/** Paces the connection's requests to the client-side ceiling, on top of what the provider announces. */
final class CeilingStage implements Stage {
  private final RateLimiter<Object> ceiling;
  private final Clock clock;

  CeilingStage(RateLimiter<Object> ceiling, Clock clock) {
    this.ceiling = ceiling;
    this.clock = clock;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Duration wait = ceiling.reservePermit();
    if (!wait.isZero() && !wait.isNegative()) {
      attempt.observer.rateLimitWait(clock.instant().plus(wait), "client-side ceiling");
      Sleeper.sleep(wait, attempt.safeUrl);
    }
    return chain.proceed(attempt);
  }
}
