package dev.backfill.core.http;

import java.net.URI;
import java.util.Map;

/**
 * The HTTP client a connector uses for every request to its provider. It attaches the
 * connection's credential (only to the API origin), pauses before the provider's budget runs out,
 * waits out throttles, retries 5xx, connection failures, timeouts and unparseable bodies with
 * backoff, and refreshes the credential once after a 401.
 *
 * <p>Calls return 2xx responses (and statuses the profile passes through) with a parsed JSON body. Anything else is thrown as a {@link
 * dev.backfill.core.error.BackfillException}: {@link dev.backfill.core.error.ProviderApiException} for other
 * statuses, {@link dev.backfill.core.error.AuthenticationException}, {@link
 * dev.backfill.core.error.RateLimitExhaustedException}, {@link dev.backfill.core.error.MalformedResponseException},
 * {@link dev.backfill.core.error.ProviderConnectionException} or {@link
 * dev.backfill.core.error.BackfillCancelledException}.
 */
public interface ProviderHttp {
  /** Resolves a path and query (such as {@code repos/acme/api/pulls?state=all}) against the API base. */
  URI resolve(String pathAndQuery);

  /** GETs {@code uri}. */
  ProviderResponse get(URI uri);

  /** GETs {@code uri} with extra request headers. */
  ProviderResponse get(URI uri, Map<String, String> headers);

  /** POSTs a JSON body (for GraphQL and token exchanges). */
  ProviderResponse post(URI uri, String jsonBody, Map<String, String> headers);
}
