package dev.backfill.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer a {@link FakeProvider} sends, built up by the fake (and by a test's {@link
 * FakeProvider#override}): status, headers, body, an optional delay, or a reset connection.
 */
public final class FakeResponse {
  private final int status;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private String body = "";
  private Duration delay = Duration.ZERO;
  private boolean reset;

  private FakeResponse(int status) {
    this.status = status;
  }

  /** An empty answer with {@code status}. */
  public static FakeResponse status(int status) {
    return new FakeResponse(status);
  }

  /** {@code status} with a JSON body. */
  public static FakeResponse json(int status, String body) {
    return status(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
  }

  /** No answer: the connection is closed as soon as the request is read. */
  public static FakeResponse connectionReset() {
    FakeResponse response = status(0);
    response.reset = true;
    return response;
  }

  /** Adds a header value; several values of one name are sent as several headers. */
  public FakeResponse withHeader(String name, String value) {
    headers.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
    return this;
  }

  /** The same response with {@code body} instead. */
  public FakeResponse withBody(String body) {
    this.body = body;
    return this;
  }

  /** Holds the answer back for {@code delay} after it is ready. */
  public FakeResponse withDelay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** The HTTP status. */
  public int statusCode() {
    return status;
  }

  /** The body. */
  public String body() {
    return body;
  }

  Map<String, List<String>> headers() {
    return headers;
  }

  Duration delay() {
    return delay;
  }

  boolean reset() {
    return reset;
  }
}
