package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.spi.RateLimitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last known request budget of one connection, shared by its workers. Each request takes one
 * from the known remaining budget before it is sent, so concurrent workers do not all spend the
 * reserve; a response's headers then correct the estimate, counting the requests still in flight
 * as spent, since the provider may not have counted them yet. When a window resets, its announced
 * limit is there again, and requests that would spend the new window's reserve before any answer
 * has told when it ends wait for that answer: the workers waiting out a reset would otherwise all
 * go at once, and a window of a few requests a second would refuse the ones past its limit.
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
   * budget is at or below the reserve and the provider said when it resets. Blocks while the
   * budget is at the reserve of a window whose end no answer has told yet and requests are in
   * flight to tell it.
   */
  synchronized Optional<Instant> take(Instant now, long reserve) {
    if (resetAt != null && !resetAt.isAfter(now)) {
      remaining = last == null ? -1 : last.limit().orElse(-1);
      resetAt = null;
    }
    while (remaining >= 0 && remaining <= reserve && resetAt == null && inFlight > 0) {
      awaitAnswer();
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
    notifyAll();
  }

  private void awaitAnswer() {
    try {
      wait();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while waiting for the provider to announce its next rate-limit window");
    }
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
