package dev.backfill.core.internal;

import dev.backfill.core.http.RateLimitPolicy;
import dev.backfill.core.http.ResponseStage;
import java.time.Instant;

/**
 * Recognises a throttle (a status the policy calls one, or an answer a response stage calls one: a
 * rate-limit 403, a GraphQL RATELIMITED), holds the whole connection until the policy says it
 * ends, lowering its requests in flight after a 403 or 429, and asks this request to wait as long.
 */
final class ThrottleStage implements Stage {
  private final RateLimitPolicy policy;
  private final InFlightLimit connection;

  ThrottleStage(RateLimitPolicy policy, InFlightLimit connection) {
    this.policy = policy;
    this.connection = connection;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    boolean throttled = answer.verdict == ResponseStage.Verdict.THROTTLED
        || answer.verdict == ResponseStage.Verdict.AS_IS && policy.isThrottle(answer.status);
    if (throttled) {
      Instant until = answer.serverTime.toLocal(policy.throttleEnds(answer.headers, answer.serverTime.now(), attempt.throttles + 1));
      connection.throttled(until, answer.status == 403 || answer.status == 429);
      throw new RetrySignal.Wait("throttled with HTTP " + answer.status, until, answer.rateLimit);
    }
    return answer;
  }
}
