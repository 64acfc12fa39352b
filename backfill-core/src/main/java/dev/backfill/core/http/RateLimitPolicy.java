package dev.backfill.core.http;

import dev.backfill.core.spi.RateLimitStatus;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * How a provider announces its request budget and throttles, so the client can pause before the
 * budget runs out and wait the right time after a throttle. {@link HeaderRateLimitPolicy} covers
 * providers that use response headers; implement this for anything else.
 */
public interface RateLimitPolicy {
  /** What a response's headers say about the budget; empty when they say nothing. */
  Optional<RateLimitStatus> read(HttpHeaders headers, Instant now);

  /**
   * Whether a response is a throttle and, if so, when to try again.
   *
   * @param consecutive how many throttles in a row this request has met, this one included
   * @return the instant to retry at, or empty when the response is not a throttle
   */
  Optional<Instant> throttledUntil(int status, HttpHeaders headers, String body, Instant now, int consecutive);

  /** Requests to keep in reserve: the client waits for the reset once the remaining budget falls to it. */
  long reserve();
}
