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

  /** Whether a status is a throttle on its own, whatever the body says; 429 by default. */
  default boolean isThrottle(int status) {
    return status == 429;
  }

  /**
   * When a throttle ends, judged from its answer's headers: a connector's {@link ResponseStage}
   * may call other answers throttles too.
   *
   * @param consecutive how many throttles in a row this request has met, this one included
   */
  Instant throttleEnds(HttpHeaders headers, Instant now, int consecutive);

  /** Requests to keep in reserve: the client waits for the reset once the remaining budget falls to it. */
  long reserve();
}
