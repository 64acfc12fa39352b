package dev.backfill.core.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * How to talk to one provider for one connection: where its API lives, how credentials are sent,
 * how it announces its rate limits, client-side limits, and the provider's own response stages.
 * Requests go only to the origin (scheme, host, port) of {@link #apiBase()}.
 */
@Value.Immutable
public interface HttpProfile {
  /** The provider id, used in error messages and logs. */
  String provider();

  /** The API base, for example {@code https://api.github.com} or {@code https://host/api/v3}. */
  URI apiBase();

  /** How the credential is sent; a bearer token by default. */
  @Value.Default
  default AuthScheme authScheme() {
    return AuthScheme.BEARER;
  }

  /** Headers sent with every request, such as {@code Accept} or {@code User-Agent}. */
  Map<String, String> headers();

  /** How the provider announces its budget and throttles. */
  @Value.Default
  default RateLimitPolicy rateLimitPolicy() {
    return HeaderRateLimitPolicy.builder().build();
  }

  /** A client-side cap on requests per period, on top of what the provider announces. */
  Optional<RequestCeiling> ceiling();

  /** How many requests of the connection may be in flight at once; unlimited when absent. */
  OptionalInt maxConcurrentRequests();

  /**
   * The provider's own steps, which see each raw answer before the client judges it and say what it
   * means where the API departs from plain HTTP; in order, the first with a verdict decides.
   */
  List<ResponseStage> stages();

  /**
   * A path and query, such as {@code repos/acme/api/pulls?state=all}, resolved against {@link
   * #apiBase()} (a leading slash is ignored, so a base with a path such as {@code /api/v3} keeps it).
   */
  default URI resolve(String pathAndQuery) {
    String base = apiBase().toString();
    String relative = pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery;
    return URI.create(base.endsWith("/") ? base + relative : base + "/" + relative);
  }

  /** Starts a profile. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HttpProfile}. */
  final class Builder extends ImmutableHttpProfile.Builder {}

  /** Refuses an API base that is not an absolute http(s) URL, or that carries credentials. */
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
