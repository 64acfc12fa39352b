package dev.backfill.core.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request over {@code java.net.http} and reads the whole response, body included, within
 * a deadline and up to a size limit, as the SDK reads every provider response: an endless body is
 * abandoned at the limit and a dripping one at the deadline, instead of filling the heap or
 * hanging a worker. Connectors that call a provider outside their {@link ProviderHttp} (a token
 * exchange, say) use it too.
 */
public final class BoundedHttp {
  private BoundedHttp() {}

  /** The body grew past the limit; the transfer was abandoned. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("response body exceeds the limit of " + limit + " bytes");
    }
  }

  /**
   * Sends {@code request} and returns the response with its whole body.
   *
   * @throws BodyTooLargeException when the body is longer than {@code maxBodyBytes}
   * @throws HttpTimeoutException when the complete response took longer than {@code timeout}
   * @throws IOException when the exchange failed otherwise
   * @throws InterruptedException when the thread was interrupted; the exchange is abandoned
   */
  public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, long maxBodyBytes, Duration timeout)
      throws IOException, InterruptedException {
    LimitedBodySubscriber subscriber = new LimitedBodySubscriber(maxBodyBytes);
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> subscriber);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      future.cancel(true);
      throw interrupted;
    } catch (TimeoutException late) {
      future.cancel(true);
      throw new HttpTimeoutException("no complete response within " + timeout);
    } catch (ExecutionException failed) {
      if (subscriber.exceededLimit()) {
        throw new BodyTooLargeException(maxBodyBytes);
      }
      Throwable cause = failed.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
  }
}
