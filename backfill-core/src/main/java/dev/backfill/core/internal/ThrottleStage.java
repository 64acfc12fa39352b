package dev.backfill.core.internal;

import dev.backfill.core.http.RateLimitPolicy;
import dev.backfill.core.http.ResponseStage;
import java.time.Instant;

/**
 * Recognises a throttle (a status the policy calls one, or an answer a response stage calls one: a
 * rate-limit 403, a GraphQL RATELIMITED) and asks to wait until the policy says it ends.
 */
final class ThrottleStage implements Stage {
  private final RateLimitPolicy policy;

  ThrottleStage(RateLimitPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    boolean throttled = answer.verdict == ResponseStage.Verdict.THROTTLED
        || answer.verdict == ResponseStage.Verdict.AS_IS && policy.isThrottle(answer.status);
    if (throttled) {
      Instant until = answer.serverTime.toLocal(policy.throttleEnds(answer.headers, answer.serverTime.now(), attempt.throttles + 1));
      throw new RetrySignal.Wait("throttled with HTTP " + answer.status, until, answer.rateLimit);
    }
    return answer;
  }
}
