package dev.backfill.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A request a {@link FakeProvider} received: what the fakes route on and tests look at afterwards. */
public final class FakeRequest {
  private final String method;
  private final URI uri;
  private final String origin;
  private final Map<String, List<String>> headers;
  private final String body;
  private final Instant receivedAt;

  /** @param headers ordered without regard to case, as {@link LoopbackServer} reads them */
  FakeRequest(String method, URI uri, String origin, Map<String, List<String>> headers, String body, Instant receivedAt) {
    this.receivedAt = receivedAt;
    this.method = method;
    this.uri = uri;
    this.origin = origin;
    this.headers = headers;
    this.body = body;
  }

  /** Matches requests with {@code method} to {@code path} (without the query), for {@link FakeProvider#override}. */
  public static Predicate<FakeRequest> to(String method, String path) {
    return request -> request.method.equals(method) && request.path().equals(path);
  }

  /** {@code GET}, {@code POST}, ... */
  public String method() {
    return method;
  }

  /** The path as sent, still percent-encoded, without the query. */
  public String path() {
    return uri.getRawPath();
  }

  /** The path and query as sent, such as {@code /repos/acme/api/issues?page=2}. */
  public String url() {
    return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
  }

  /** The URL with the fake's origin, such as {@code http://127.0.0.1:PORT/repos/acme/api/issues?page=2}. */
  public String absoluteUrl() {
    return origin + url();
  }

  /** A header's first value, whatever the case of its name. */
  public Optional<String> header(String name) {
    return LoopbackServer.first(headers, name);
  }

  /** A query parameter's first value, decoded. */
  public Optional<String> query(String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** The body as UTF-8 text; empty when there was none. */
  public String body() {
    return body;
  }

  /** When the fake received it, on this machine's clock (not the fake's own, which may be fixed). */
  public Instant receivedAt() {
    return receivedAt;
  }

  @Override
  public String toString() {
    return method + " " + url();
  }
}
