package dev.backfill.core.internal;

import dev.backfill.core.spi.RateLimitStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The last known request budget of one connection, shared by its workers. Each request takes one
 * from the known remaining budget before it is sent, so concurrent workers do not all spend the
 * reserve; a response's headers then replace the estimate.
 */
final class BudgetTracker {
  private long remaining = -1;
  private Instant resetAt;
  private RateLimitStatus last;

  /**
   * Takes one request from the budget, or returns the instant to wait for when the remaining
   * budget is at or below the reserve and the provider said when it resets.
   */
  synchronized Optional<Instant> take(Instant now, long reserve) {
    if (resetAt != null && !resetAt.isAfter(now)) {
      remaining = -1;
      resetAt = null;
    }
    if (remaining >= 0 && remaining <= reserve && resetAt != null) {
      return Optional.of(resetAt);
    }
    if (remaining > 0) {
      remaining--;
    }
    return Optional.empty();
  }

  synchronized void update(RateLimitStatus status) {
    last = status;
    status.remaining().ifPresent(value -> remaining = value);
    status.resetAt().ifPresent(value -> resetAt = value);
  }

  synchronized Optional<RateLimitStatus> last() {
    return Optional.ofNullable(last);
  }
}
