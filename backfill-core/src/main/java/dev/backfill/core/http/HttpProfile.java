package dev.backfill.core.http;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.immutables.value.Value;

/**
 * How to talk to one provider for one connection: where its API lives, how credentials are sent,
 * how it announces its rate limits, and client-side limits. Credentials are attached only to
 * requests whose origin (scheme, host, port) is that of {@link #apiBase()}.
 */
@Value.Immutable
public interface HttpProfile {
  /** The provider id, used in error messages and logs. */
  String provider();

  /** The API base, for example {@code https://api.github.com} or {@code https://host/api/v3}. */
  URI apiBase();

  @Value.Default
  default AuthScheme authScheme() {
    return AuthScheme.BEARER;
  }

  /** Headers sent with every request, such as {@code Accept} or {@code User-Agent}. */
  Map<String, String> headers();

  @Value.Default
  default RateLimitPolicy rateLimitPolicy() {
    return HeaderRateLimitPolicy.builder().build();
  }

  /** A client-side cap on requests per period, on top of what the provider announces. */
  Optional<RequestCeiling> ceiling();

  /** How many requests of the connection may be in flight at once; unlimited when absent. */
  OptionalInt maxConcurrentRequests();

  /**
   * A response header in which the provider announces how many requests may be in flight (Sentry's
   * {@code X-Sentry-Rate-Limit-ConcurrentLimit}); the client keeps its requests in flight at or
   * below the last announced value, and at or below {@link #maxConcurrentRequests()}.
   */
  Optional<String> concurrencyLimitHeader();

  /**
   * Non-2xx statuses returned to the connector as responses instead of thrown, for APIs that put
   * errors the connector must read in the body (GraphQL errors in a 400, say). Throttles and
   * authentication failures are still handled first.
   */
  Set<Integer> passThroughStatuses();

  /**
   * Which responses mean the credential was refused: 401 by default. GraphQL APIs also report an
   * authentication error in the body of a 200 or 400.
   */
  @Value.Default
  default UnauthorizedResponse unauthorizedResponse() {
    return (status, body) -> status == 401;
  }

  static ImmutableHttpProfile.Builder builder() {
    return ImmutableHttpProfile.builder();
  }

  @Value.Check
  default void check() {
    String scheme = apiBase().getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || apiBase().getHost() == null) {
      throw new IllegalArgumentException("API base must be an absolute http(s) URL, got " + RedactedUrl.of(apiBase()));
    }
    if (apiBase().getUserInfo() != null) {
      throw new IllegalArgumentException("API base must not carry credentials in the URL");
    }
    if (maxConcurrentRequests().isPresent() && maxConcurrentRequests().getAsInt() < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be at least 1");
    }
  }
}
