package dev.backfill.linear.internal;

import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.RateLimitPolicy;
import dev.backfill.core.spi.RateLimitStatus;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Linear's two budgets, requests and complexity, each with a reset in epoch milliseconds. The
 * status reported is the requests budget, unless the complexity left would not cover one more
 * query, in which case it reads as spent until the complexity reset. A throttle (a 429, or a
 * {@code RATELIMITED} GraphQL error the connector's response stage recognises in a 200 or 400)
 * lasts until the spent budget resets.
 */
public final class LinearRateLimitPolicy implements RateLimitPolicy {
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private final long requestReserve;
  private final long complexityPerQuery;

  /**
   * @param requestReserve requests kept in reserve
   * @param complexityPerQuery the complexity one query may cost; less than that left counts as spent
   */
  public LinearRateLimitPolicy(long requestReserve, long complexityPerQuery) {
    this.requestReserve = requestReserve;
    this.complexityPerQuery = complexityPerQuery;
  }

  @Override
  public Optional<RateLimitStatus> read(HttpHeaders headers, Instant now) {
    OptionalLong requests = number(headers, "x-ratelimit-requests-remaining");
    OptionalLong complexity = number(headers, "x-ratelimit-complexity-remaining");
    Optional<Instant> requestsReset = reset(headers, "x-ratelimit-requests-reset", now);
    Optional<Instant> complexityReset = reset(headers, "x-ratelimit-complexity-reset", now);
    if (requests.isEmpty() && complexity.isEmpty()) {
      return Optional.empty();
    }
    RateLimitStatus.Builder status = RateLimitStatus.builder().limit(number(headers, "x-ratelimit-requests-limit"));
    if (complexity.isPresent() && complexity.getAsLong() < complexityPerQuery) {
      return Optional.of(status.remaining(0).resetAt(complexityReset.or(() -> requestsReset)).build());
    }
    requests.ifPresent(value -> status.remaining(Math.max(0, value)));
    return Optional.of(status.resetAt(requestsReset).build());
  }

  @Override
  public Instant throttleEnds(HttpHeaders headers, Instant now, int consecutive) {
    Optional<Instant> retryAfter = HeaderRateLimitPolicy.retryAfter(headers, now);
    if (retryAfter.isPresent()) {
      return retryAfter.get();
    }
    Optional<RateLimitStatus> spent = read(headers, now).filter(read -> read.remaining().orElse(1) <= 0);
    if (spent.isPresent() && spent.get().resetAt().isPresent()) {
      return spent.get().resetAt().get();
    }
    return now.plus(DEFAULT_WAIT.multipliedBy(1L << Math.min(10, Math.max(0, consecutive - 1))));
  }

  @Override
  public long reserve() {
    return requestReserve;
  }

  private static OptionalLong number(HttpHeaders headers, String name) {
    try {
      return headers.firstValue(name).map(value -> OptionalLong.of(Long.parseLong(value.trim()))).orElse(OptionalLong.empty());
    } catch (NumberFormatException unreadable) {
      return OptionalLong.empty();
    }
  }

  private static Optional<Instant> reset(HttpHeaders headers, String name, Instant now) {
    OptionalLong millis = number(headers, name);
    if (millis.isEmpty()) {
      return Optional.empty();
    }
    Instant at = Instant.ofEpochMilli(Math.max(0, millis.getAsLong()));
    return Optional.of(at.isBefore(now) ? now : at);
  }
}
