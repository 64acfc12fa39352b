package dev.backfill.core.internal;

/**
 * One job of the HTTP client (budget, ceiling, credential, in-flight limit, throttle, status,
 * decoding, transport), as one link of a chain in the manner of OkHttp's interceptors: it may act
 * before handing the attempt on and judge the answer that comes back. A stage that wants the
 * attempt tried again throws a {@link RetrySignal}; {@link RetryLoop} is the one loop that acts
 * on it.
 */
interface Stage {
  Answer proceed(Attempt attempt, Chain chain);

  /** The rest of the chain after a stage. */
  interface Chain {
    Answer proceed(Attempt attempt);
  }
}
