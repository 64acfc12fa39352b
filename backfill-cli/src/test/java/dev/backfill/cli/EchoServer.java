package dev.backfill.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A provider on loopback that answers every request with {@code status}, the given headers (name,
 * value, ...) and a body made from the request's Authorization header.
 */
final class EchoServer implements AutoCloseable {
  private final HttpServer server;

  EchoServer(int status, Function<String, String> body, String... headers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] bytes = body.apply(authorization).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
