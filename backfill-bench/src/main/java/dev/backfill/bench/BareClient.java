package dev.backfill.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A plain {@link HttpClient} without the SDK, a new connection per instance as each backfill run
 * has: what following a chain of pages costs with no work on them, the floor a figure is set against.
 */
final class BareClient {
  private final HttpClient client = HttpClient.newHttpClient();

  HttpResponse<byte[]> get(URI uri) {
    try {
      return client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench").build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching " + uri, e);
    }
  }
}
