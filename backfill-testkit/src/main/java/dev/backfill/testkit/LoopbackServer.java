package dev.backfill.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The least HTTP/1.1 server the fakes need, on loopback: keep-alive connections, bodies of known
 * length, every response header as the fake sets it (the JDK's own server replaces {@code Date},
 * which a fake whose clock is off must send), and a reset that really resets (the connection
 * closed with a TCP RST after the answer's status line, as an upstream dropped mid-answer would).
 */
final class LoopbackServer implements AutoCloseable {
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final ServerSocket socket;
  private final Function<FakeRequest, FakeResponse> handler;
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "fake-provider");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Socket> connections = new ArrayList<>();

  LoopbackServer(Function<FakeRequest, FakeResponse> handler) {
    this.handler = handler;
    try {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback", e);
    }
    threads.execute(this::accept);
  }

  /** {@code http://127.0.0.1:PORT}. */
  String origin() {
    return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        synchronized (connections) {
          connections.add(connection);
        }
        threads.execute(() -> serve(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon > 0) {
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), ignored -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
          }
        }
        int length = Integer.parseInt(first(headers, "Content-Length").orElse("0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        FakeRequest request = new FakeRequest(requestLine[0], URI.create(requestLine[1]), origin(), headers, body, Instant.now());
        FakeResponse response = handler.apply(request);
        if (response.reset()) {
          // The status line goes out first: a connection that drops before any byte of the answer
          // is one the JDK's client takes for a stale pooled connection and retries unseen.
          out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          connection.setSoLinger(true, 0);
          return;
        }
        if (!response.delay().isZero()) {
          LockSupport.parkNanos(response.delay().toNanos());
        }
        write(out, response);
        if ("close".equalsIgnoreCase(first(headers, "Connection").orElse(""))) {
          return;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The client went away or sent what no client of ours sends; the connection ends.
    } finally {
      synchronized (connections) {
        connections.remove(connection);
      }
    }
  }

  private static void write(OutputStream out, FakeResponse response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.statusCode()).append(' ')
        .append(reason(response.statusCode())).append("\r\n");
    response.headers().forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 304:
        return "Not Modified";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 429:
        return "Too Many Requests";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }

  /** The request line and headers, up to the empty line; null when the client closed between requests. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int next = in.read();
      if (next < 0) {
        return null;
      }
      head.write(next);
      matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : (next == '\r' ? 1 : 0);
      if (head.size() > MAX_HEADER_BYTES) {
        throw new IOException("request head larger than " + MAX_HEADER_BYTES + " bytes");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A header's first value; {@code headers} is ordered without regard to case. */
  static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
    synchronized (connections) {
      for (Socket connection : connections) {
        try {
          connection.close();
        } catch (IOException ignored) {
          // Already gone.
        }
      }
    }
    threads.shutdownNow();
  }
}
