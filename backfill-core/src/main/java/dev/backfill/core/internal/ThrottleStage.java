package dev.backfill.core.internal;

import dev.backfill.core.http.RateLimitPolicy;

/** Recognises a throttle (429, a rate-limit 403, a GraphQL RATELIMITED) through the policy and asks to wait it out. */
final class ThrottleStage implements Stage {
  private final RateLimitPolicy policy;

  ThrottleStage(RateLimitPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    policy.throttledUntil(answer.status, answer.headers, answer.text(), answer.serverTime.now(), attempt.throttles + 1)
        .map(answer.serverTime::toLocal)
        .ifPresent(until -> {
          throw new RetrySignal.Wait("throttled with HTTP " + answer.status, until, answer.rateLimit);
        });
    return answer;
  }
}
