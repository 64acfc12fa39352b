package dev.backfill.core.http;

import dev.backfill.core.spi.RateLimitStatus;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A {@link RateLimitPolicy} for providers that put their budget in response headers (limit,
 * remaining, reset) and throttle with 429, sometimes 403, and a {@code Retry-After} header.
 *
 * <p>A throttle (a status in {@link #throttleStatuses()}, or an answer a connector's {@link
 * ResponseStage} calls one) waits for {@code Retry-After} when given, else for the reset when the
 * budget is spent, else for {@link #defaultThrottleWait()}, doubled for each further throttle in a
 * row.
 * Unparseable or absurd header values are ignored or clamped: a negative remaining counts as 0, a
 * reset in the past as now.
 */
@Value.Immutable
public abstract class HeaderRateLimitPolicy implements RateLimitPolicy {
  /** How a reset header expresses the moment the budget is refilled. */
  public enum ResetFormat {
    /** Seconds since the epoch (GitHub, Vercel). */
    EPOCH_SECONDS,
    /** Milliseconds since the epoch. */
    EPOCH_MILLIS,
    /** Seconds from the response's time. */
    SECONDS_FROM_NOW
  }

  private static final long MAX_BACKOFF_DOUBLINGS = 16;

  HeaderRateLimitPolicy() {}

  /** The header that carries the budget per period. */
  public abstract Optional<String> limitHeader();

  /** The header that carries the requests left in this period. */
  public abstract Optional<String> remainingHeader();

  /** The header that says when the budget is refilled. */
  public abstract Optional<String> resetHeader();

  /** How the reset header expresses its time; seconds since the epoch by default. */
  @Value.Default
  public ResetFormat resetFormat() {
    return ResetFormat.EPOCH_SECONDS;
  }

  @Override
  @Value.Default
  public long reserve() {
    return 0;
  }

  /** Statuses that always mean a throttle; 429 by default. */
  @Value.Default
  public Set<Integer> throttleStatuses() {
    return Set.of(429);
  }

  /** The wait after a throttle that says nothing about when to retry. */
  @Value.Default
  public Duration defaultThrottleWait() {
    return Duration.ofSeconds(60);
  }

  /** Starts a policy. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HeaderRateLimitPolicy}. */
  public static final class Builder extends ImmutableHeaderRateLimitPolicy.Builder {
    /**
     * The limit, remaining and reset headers named {@code prefix} followed by {@code Limit}, {@code
     * Remaining} and {@code Reset}, as in {@code x-ratelimit-limit} (header names ignore case).
     */
    public Builder headers(String prefix) {
      return limitHeader(prefix + "Limit").remainingHeader(prefix + "Remaining").resetHeader(prefix + "Reset");
    }
  }

  @Override
  public Optional<RateLimitStatus> read(HttpHeaders headers, Instant now) {
    OptionalLong limit = number(headers, limitHeader());
    OptionalLong remaining = number(headers, remainingHeader());
    Optional<Instant> reset = resetAt(headers, now);
    if (limit.isEmpty() && remaining.isEmpty() && reset.isEmpty()) {
      return Optional.empty();
    }
    RateLimitStatus.Builder status = RateLimitStatus.builder().limit(limit).resetAt(reset);
    remaining.ifPresent(value -> status.remaining(Math.max(0, value)));
    return Optional.of(status.build());
  }

  @Override
  public boolean isThrottle(int status) {
    return throttleStatuses().contains(status);
  }

  @Override
  public Instant throttleEnds(HttpHeaders headers, Instant now, int consecutive) {
    Optional<Instant> retryAfter = retryAfter(headers, now);
    if (retryAfter.isPresent()) {
      return retryAfter.get();
    }
    Optional<Instant> reset = resetAt(headers, now);
    if (reset.isPresent() && budgetSpent(headers)) {
      return reset.get();
    }
    long doublings = Math.min(MAX_BACKOFF_DOUBLINGS, Math.max(0, consecutive - 1));
    return now.plus(defaultThrottleWait().multipliedBy(1L << doublings));
  }

  /** Whether the remaining-budget header says the budget is spent. */
  public boolean budgetSpent(HttpHeaders headers) {
    return number(headers, remainingHeader()).stream().anyMatch(value -> value <= 0);
  }

  private Optional<Instant> resetAt(HttpHeaders headers, Instant now) {
    OptionalLong value = number(headers, resetHeader());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    long raw = Math.max(0, value.getAsLong());
    Instant reset;
    switch (resetFormat()) {
      case EPOCH_MILLIS:
        reset = Instant.ofEpochMilli(raw);
        break;
      case SECONDS_FROM_NOW:
        reset = now.plusSeconds(Math.min(raw, Integer.MAX_VALUE));
        break;
      default:
        reset = Instant.ofEpochSecond(Math.min(raw, Instant.MAX.getEpochSecond() / 2));
    }
    return Optional.of(reset.isBefore(now) ? now : reset);
  }

  /** A {@code Retry-After} header as seconds or an HTTP date; negative or past values count as now. */
  public static Optional<Instant> retryAfter(HttpHeaders headers, Instant now) {
    Optional<String> value = headers.firstValue("retry-after").map(String::trim);
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(value.get());
      return Optional.of(now.plusSeconds(Math.max(0, Math.min(seconds, Integer.MAX_VALUE))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isBefore(now) ? now : at);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static OptionalLong number(HttpHeaders headers, Optional<String> name) {
    if (name.isEmpty()) {
      return OptionalLong.empty();
    }
    Optional<String> value = headers.firstValue(name.get());
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.get().trim()));
    } catch (NumberFormatException ignored) {
      try {
        return OptionalLong.of((long) Double.parseDouble(value.get().trim()));
      } catch (NumberFormatException unusable) {
        return OptionalLong.empty();
      }
    }
  }
}
