package dev.backfill.core.internal;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import java.time.Instant;
import java.util.Set;

/**
 * Judges the status: a 5xx asks for another try (after its {@code Retry-After}, when it has one);
 * any other non-2xx is a {@link ProviderApiException}, unless the profile passes that status
 * through to the connector. Error-body excerpts carry no secret and no control character.
 */
final class StatusStage implements Stage {
  private static final int MAX_SNIPPET = 160;

  private final String provider;
  private final Set<Integer> passThrough;
  private final Redactor redactor;

  StatusStage(String provider, Set<Integer> passThrough, Redactor redactor) {
    this.provider = provider;
    this.passThrough = passThrough;
    this.redactor = redactor;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    int code = answer.status;
    if (code >= 500) {
      Instant retryAt = HeaderRateLimitPolicy.retryAfter(answer.headers, answer.serverTime.now()).map(answer.serverTime::toLocal).orElse(null);
      throw new RetrySignal.Transient("HTTP " + code, retryAt, new ProviderApiException(provider, code, attempt.safeUrl, snippet(answer)));
    }
    if ((code < 200 || code >= 300) && !passThrough.contains(code)) {
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
