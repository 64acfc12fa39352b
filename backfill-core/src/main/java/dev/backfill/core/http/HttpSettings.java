package dev.backfill.core.http;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * How the runner's HTTP client retries, waits and limits, for every provider. The defaults suit
 * production; tests shorten the delays.
 */
@Value.Immutable
public interface HttpSettings {
  /** Attempts per request for 5xx, connection failures, timeouts and unparseable bodies. */
  @Value.Default
  default int maxAttempts() {
    return 5;
  }

  /** The first backoff delay; later ones double, with jitter, up to {@link #maxBackoff()}. */
  @Value.Default
  default Duration initialBackoff() {
    return Duration.ofMillis(500);
  }

  /** The longest backoff between two attempts. */
  @Value.Default
  default Duration maxBackoff() {
    return Duration.ofSeconds(30);
  }

  /**
   * The longest one wait for a rate-limit reset or a {@code Retry-After} may be. A provider asking
   * for longer fails the request at once with {@code RateLimitExhaustedException} naming when to
   * retry, instead of holding the worker for hours.
   */
  @Value.Default
  default Duration maxRateLimitWait() {
    return Duration.ofMinutes(65);
  }

  /**
   * The most one request may spend waiting for rate limits and {@code Retry-After} hints, all its
   * waits together; past it the request fails with {@code RateLimitExhaustedException} naming when
   * to retry.
   */
  @Value.Default
  default Duration maxTotalWait() {
    return Duration.ofHours(2);
  }

  /**
   * Whether the client itself waits for a rate-limit reset or a throttle. When false, it raises
   * {@code RateLimitExhaustedException} with the instant to resume at instead, for hosts that wait
   * elsewhere (a durable workflow timer, say) rather than hold a thread.
   */
  @Value.Default
  default boolean waitForRateLimits() {
    return true;
  }

  /** Throttles in a row one request tolerates before it fails with {@code RateLimitExhaustedException}. */
  @Value.Default
  default int maxThrottleWaits() {
    return 10;
  }

  /** How long connecting to the provider may take. */
  @Value.Default
  default Duration connectTimeout() {
    return Duration.ofSeconds(15);
  }

  /** The time a whole response, body included, may take. */
  @Value.Default
  default Duration requestTimeout() {
    return Duration.ofSeconds(60);
  }

  /** The largest response body accepted; larger ones are refused as malformed. */
  @Value.Default
  default long maxResponseBytes() {
    return 32L * 1024 * 1024;
  }

  /** Starts settings, each option at its default. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HttpSettings}. */
  final class Builder extends ImmutableHttpSettings.Builder {}

  /** The settings the runner uses unless told otherwise. */
  static HttpSettings defaults() {
    return builder().build();
  }

  /** Refuses counts below their minimum and negative durations. */
  @Value.Check
  default void check() {
    if (maxAttempts() < 1 || maxThrottleWaits() < 0 || maxResponseBytes() < 1) {
      throw new IllegalArgumentException("maxAttempts and maxResponseBytes must be positive, maxThrottleWaits not negative");
    }
    if (maxRateLimitWait().isNegative() || maxTotalWait().isNegative()) {
      throw new IllegalArgumentException("maxRateLimitWait and maxTotalWait must not be negative");
    }
    if (initialBackoff().isNegative() || maxBackoff().compareTo(initialBackoff()) < 0) {
      throw new IllegalArgumentException("backoff must be non-negative with maxBackoff >= initialBackoff");
    }
  }
}
