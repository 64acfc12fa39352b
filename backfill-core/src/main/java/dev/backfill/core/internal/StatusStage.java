package dev.backfill.core.internal;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.ResponseStage;
import java.time.Instant;

/**
 * Judges the status: a 5xx asks for another try (after its {@code Retry-After}, when it has one);
 * any other non-2xx is a {@link ProviderApiException}, unless a response stage passes the answer
 * through to the connector. Error-body excerpts carry no secret and no control character.
 */
final class StatusStage implements Stage {
  private static final int MAX_SNIPPET = 160;

  private final String provider;
  private final Redactor redactor;

  StatusStage(String provider, Redactor redactor) {
    this.provider = provider;
    this.redactor = redactor;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    if (answer.verdict == ResponseStage.Verdict.PASS_THROUGH) {
      return answer;
    }
    int code = answer.status;
    if (code >= 500) {
      Instant retryAt = HeaderRateLimitPolicy.retryAfter(answer.headers, answer.serverTime.now()).map(answer.serverTime::toLocal).orElse(null);
      throw new RetrySignal.Transient("HTTP " + code, retryAt, new ProviderApiException(provider, code, attempt.safeUrl, snippet(answer)));
    }
    if (code < 200 || code >= 300) {
      throw new ProviderApiException(provider, code, attempt.safeUrl, snippet(answer));
    }
    return answer;
  }

  /** The start of an error body: without the connection's secrets (a proxy may echo the {@code Authorization} header) or control characters, and short. */
  private String snippet(Answer answer) {
    String text = redactor.redact(answer.text()).strip().replaceAll("\\s+", " ");
    return text.length() > MAX_SNIPPET ? text.substring(0, MAX_SNIPPET) + "..." : text;
  }
}
