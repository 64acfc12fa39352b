package dev.backfill.core.internal;

import dev.backfill.core.http.RateLimitPolicy;
import java.time.Clock;
import java.util.Optional;

/**
 * Keeps the connection's request budget: before an attempt, takes one request from the known
 * budget or asks to wait for the reset when it is down to the reserve; after, reads what the
 * provider announced (in the provider's clock, moved into ours) and updates the estimate.
 */
final class BudgetStage implements Stage {
  private final BudgetTracker budget;
  private final RateLimitPolicy policy;
  private final Clock clock;

  BudgetStage(BudgetTracker budget, RateLimitPolicy policy, Clock clock) {
    this.budget = budget;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    budget.take(clock.instant(), policy.reserve()).ifPresent(reset -> {
      throw new RetrySignal.Wait("budget at reserve", reset, null);
    });
    Answer answer = null;
    try {
      answer = chain.proceed(attempt);
      answer.rateLimit = policy.read(answer.headers, answer.serverTime.now()).map(answer.serverTime::toLocal).orElse(null);
      if (answer.rateLimit != null) {
        attempt.observer.budgetReported(answer.rateLimit);
      }
      return answer;
    } finally {
      budget.answered(Optional.ofNullable(answer).map(done -> done.rateLimit));
    }
  }
}
