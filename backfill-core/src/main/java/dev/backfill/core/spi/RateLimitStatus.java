package dev.backfill.core.spi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/** What a provider said about its request budget in a response. Values are clamped to be sane. */
@Value.Immutable
@JsonSerialize(as = ImmutableRateLimitStatus.class)
@JsonDeserialize(as = ImmutableRateLimitStatus.class)
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public interface RateLimitStatus {
  /** The budget per period. */
  OptionalLong limit();

  /** Requests left in this period; never negative. */
  OptionalLong remaining();

  /** When the budget is refilled. */
  Optional<Instant> resetAt();

  /** Starts a status. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RateLimitStatus}. */
  final class Builder extends ImmutableRateLimitStatus.Builder {}

  /** Clamps a negative remaining budget to zero. */
  @Value.Check
  default RateLimitStatus clamp() {
    if (remaining().isPresent() && remaining().getAsLong() < 0) {
      return ImmutableRateLimitStatus.copyOf(this).withRemaining(0);
    }
    return this;
  }
}
