package dev.backfill.core;

import java.time.Instant;
import java.util.Optional;

/**
 * The provider's rate limit would need a longer wait than the configured maximum, or kept
 * throttling after the configured number of waits. The checkpoint stays at the last good page.
 */
public class RateLimitExhaustedException extends BackfillException {
  private final String provider;
  private final Instant resetAt;

  public RateLimitExhaustedException(String provider, String url, Instant resetAt, String detail) {
    super(provider + " rate limit exhausted for " + url + ": " + detail
        + (resetAt == null ? "" : " (budget resets at " + resetAt + ")"));
    this.provider = provider;
    this.resetAt = resetAt;
  }

  public String provider() {
    return provider;
  }

  /** When the provider said its budget resets, if it said. */
  public Optional<Instant> resetAt() {
    return Optional.ofNullable(resetAt);
  }
}
