package dev.backfill.core.internal;

import dev.backfill.core.spi.RateLimitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last known request budget of one connection, shared by its workers. Each request takes one
 * from the known remaining budget before it is sent, so concurrent workers do not all spend the
 * reserve; a response's headers then correct the estimate, counting the requests still in flight
 * as spent, since the provider may not have counted them yet.
 */
final class BudgetTracker {
  /** Resets this close together are the same window: providers send whole seconds, moved by the measured clock skew. */
  private static final Duration SAME_WINDOW = Duration.ofSeconds(2);

  private long remaining = -1;
  private int inFlight;
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
    inFlight++;
    return Optional.empty();
  }

  /** Ends a request {@link #take} let through, with what its response said of the budget, if anything. */
  synchronized void answered(Optional<RateLimitStatus> status) {
    inFlight = Math.max(0, inFlight - 1);
    status.ifPresent(this::update);
  }

  /**
   * Takes what a response says. Responses of requests in flight side by side arrive in any order:
   * within one budget window (the same reset, give or take the clock correction) the lower
   * remaining count wins, and a late response of an earlier window changes nothing.
   */
  private void update(RateLimitStatus status) {
    Optional<Instant> reset = status.resetAt();
    if (reset.isPresent() && resetAt != null && reset.get().isBefore(resetAt.minus(SAME_WINDOW))) {
      return;
    }
    last = status;
    boolean sameWindow = reset.isPresent() && resetAt != null && !reset.get().isAfter(resetAt.plus(SAME_WINDOW));
    if (status.remaining().isPresent()) {
      long reported = Math.max(0, status.remaining().getAsLong() - inFlight);
      remaining = sameWindow && remaining >= 0 ? Math.min(remaining, reported) : reported;
    }
    if (reset.isPresent() && !sameWindow) {
      resetAt = reset.get();
    }
  }

  synchronized Optional<RateLimitStatus> last() {
    return Optional.ofNullable(last);
  }
}
