package dev.backfill.core.error;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The provider's rate limit would need a longer wait than the configured maximum, more waiting than
 * the request's wait budget, or kept throttling after the configured number of waits. The message
 * and {@link #resetAt()} say when to retry; the checkpoint stays at the last good page.
 */
public class RateLimitExhaustedException extends ProviderException {
  private final Instant resetAt;

  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public RateLimitExhaustedException(String provider, String url, Instant resetAt, String detail) {
    super(provider, url, 0, provider + " rate limit exhausted for " + url + ": " + detail
        + (resetAt == null ? "" : "; retry after " + wholeSecondsUp(resetAt)), null);
    this.resetAt = resetAt;
  }

  /** Retryable, after {@link #resetAt()} when the provider said when. */
  @Override
  public boolean retryable() {
    return true;
  }

  private static Instant wholeSecondsUp(Instant at) {
    Instant seconds = at.truncatedTo(ChronoUnit.SECONDS);
    return seconds.equals(at) ? at : seconds.plusSeconds(1);
  }

  /** When the provider said its budget resets, if it said. */
  public Optional<Instant> resetAt() {
    return Optional.ofNullable(resetAt);
  }
}
