package dev.backfill.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.internal.ServerTime;
import dev.backfill.core.spi.RateLimitStatus;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/** A successful provider response: status, headers, the parsed JSON body, and the budget it announced. */
public final class ProviderResponse {
  private final int status;
  private final URI uri;
  private final HttpHeaders headers;
  private final JsonNode body;
  private final RateLimitStatus rateLimit;

  /** Creates a response; the SDK's client makes these, connector tests may too. */
  public ProviderResponse(int status, URI uri, HttpHeaders headers, JsonNode body, RateLimitStatus rateLimit) {
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
