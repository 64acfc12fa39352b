package dev.backfill.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A proxy on loopback in front of any fake provider, for the conformance suite: it forwards every
 * request to the fake and its answer back (the fake's origin in response headers, such as {@code
 * Link}, rewritten to the proxy's), except that the next requests can be answered with injected
 * faults first. So the suite injects 5xx, 429 and 401 into a fake of any kind.
 */
final class FaultProxy implements AutoCloseable {
  /** One scripted answer. */
  static final class Fault {
    final int status;
    final Map<String, String> headers;
    final String body;

    Fault(int status, Map<String, String> headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }
  }

  static {
    // The JDK's server writes headers and body as two segments; with Nagle's algorithm on, the
    // client's delayed ACK then stalls every response by about 40 ms. Read once, when the JDK
    // server's configuration class loads: the first server of the JVM decides.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "date", "host", "keep-alive",
      "transfer-encoding", "upgrade", "expect");

  private final String target;
  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "conformance-proxy");
    thread.setDaemon(true);
    return thread;
  });

  /** @param targetOrigin the fake's scheme, host and port, such as {@code http://localhost:8080} */
  FaultProxy(String targetOrigin) throws IOException {
    this.target = targetOrigin;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The proxy's origin, {@code http://127.0.0.1:PORT}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the next requests, whatever they are, with {@code scripted} in order, then forwards again. */
  void inject(List<Fault> scripted) {
    faults.addAll(scripted);
  }

  /** Drops faults not yet answered. */
  void clear() {
    faults.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      Fault fault = faults.poll();
      if (fault != null) {
        fault.headers.forEach(exchange.getResponseHeaders()::set);
        respond(exchange, fault.status, fault.body.getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), requestBody.length == 0
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
          values.forEach(value -> forward.header(name, value));
        }
      });
      HttpResponse<InputStream> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
      answer.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
          values.forEach(value -> exchange.getResponseHeaders().add(name, value.replace(target, origin())));
        }
      });
      try (InputStream body = answer.body()) {
        respond(exchange, answer.statusCode(), body.readAllBytes());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
