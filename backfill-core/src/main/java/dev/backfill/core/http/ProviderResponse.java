package dev.backfill.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.internal.ServerTime;
import dev.backfill.core.spi.RateLimitStatus;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/** A successful provider response: status, headers, the parsed JSON body, and the budget it announced. */
public final class ProviderResponse {
  private final String provider;
  private final int status;
  private final URI uri;
  private final HttpHeaders headers;
  private final JsonNode body;
  private final RateLimitStatus rateLimit;

  /** Creates a response of {@code provider}; the SDK's client makes these, connector tests may too. */
  public ProviderResponse(String provider, int status, URI uri, HttpHeaders headers, JsonNode body, RateLimitStatus rateLimit) {
    this.provider = provider;
    this.status = status;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.rateLimit = rateLimit;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The URL that was requested. */
  public URI uri() {
    return uri;
  }

  /**
   * The list a page holds: the JSON array at {@code field} of the body, or the body itself when
   * {@code field} is empty.
   *
   * @throws MalformedResponseException naming the provider and the URL (without credentials) when
   *     there is no such array
   */
  public JsonNode array(String field) {
    JsonNode array = field.isEmpty() ? body : body.path(field);
    if (!array.isArray()) {
      throw new MalformedResponseException(provider, RedactedUrl.of(uri),
          field.isEmpty() ? "expected a JSON array" : "no '" + field + "' array", null);
    }
    return array;
  }

  /** The response's headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The first value of header {@code name}, whatever its case. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The parsed body; a {@code MissingNode} when the response had none. */
  public JsonNode body() {
    return body;
  }

  /** The {@code Link} header, empty when absent. */
  public LinkHeader links() {
    return LinkHeader.parse(headers.firstValue("link").orElse(null));
  }

  /**
   * When the provider sent this response by its own clock: its {@code Date} header, in whole
   * seconds; empty when the header is absent or does not parse.
   */
  public Optional<Instant> date() {
    return ServerTime.date(headers);
  }

  /** What this response said about the provider's budget. */
  public Optional<RateLimitStatus> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }
}
