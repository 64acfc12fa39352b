package dev.backfill.core.internal;

import dev.backfill.core.spi.Credential;
import java.net.URI;
import java.util.Map;

/** One try of one request: what to send, and the credential a stage attached to it. */
final class Attempt {
  final String method;
  final URI uri;
  final String body;
  final Map<String, String> headers;
  final String safeUrl;
  final HttpObserver observer;
  /** Throttles this request met before this try, for policies that back off further each time. */
  final int throttles;
  Credential credential;

  Attempt(String method, URI uri, String body, Map<String, String> headers, String safeUrl, HttpObserver observer, int throttles) {
    this.method = method;
    this.uri = uri;
    this.body = body;
    this.headers = headers;
    this.safeUrl = safeUrl;
    this.observer = observer;
    this.throttles = throttles;
  }

  /** The next try of the same request. */
  Attempt again(int throttlesSoFar) {
    return new Attempt(method, uri, body, headers, safeUrl, observer, throttlesSoFar);
  }

  boolean hasHeader(String name) {
    return headers.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
  }
}
