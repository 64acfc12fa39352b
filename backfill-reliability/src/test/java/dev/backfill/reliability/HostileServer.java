package dev.backfill.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that misbehaves on purpose, on loopback: endless or dripping bodies, links that never
 * end, absurd rate-limit headers. Each path prefix gets a handler; every request is counted.
 */
final class HostileServer implements AutoCloseable {
  /** Answers one exchange; may stream forever (the client hanging up ends it). */
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  final AtomicInteger requests = new AtomicInteger();
  final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "hostile-server");
    thread.setDaemon(true);
    return thread;
  });

  HostileServer(Map<String, Handler> handlers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    handlers.forEach((prefix, handler) -> server.createContext(prefix, exchange -> {
      requests.incrementAndGet();
      byPath.computeIfAbsent(exchange.getRequestURI().getPath(), ignored -> new AtomicInteger()).incrementAndGet();
      try {
        handler.handle(exchange);
      } catch (IOException clientGone) {
        // The client hung up on an endless or dripping body, as it should.
      } finally {
        exchange.close();
      }
    }));
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A chunked body that never ends: {@code chunk} again and again until the client hangs up. */
  static void endless(HttpExchange exchange, String chunk) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(201, 0);
    byte[] bytes = chunk.repeat(1024).getBytes(StandardCharsets.UTF_8);
    OutputStream out = exchange.getResponseBody();
    out.write("{\"token\":\"".getBytes(StandardCharsets.UTF_8));
    while (true) {
      out.write(bytes);
    }
  }

  /** A body that arrives one byte every {@code millis}, forever. */
  static void dripping(HttpExchange exchange, long millis) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(201, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        out.write(' ');
        out.flush();
        Thread.sleep(millis);
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
