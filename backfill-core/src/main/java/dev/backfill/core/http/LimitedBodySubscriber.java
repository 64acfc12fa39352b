package dev.backfill.core.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.net.http.HttpResponse;

/** Collects a response body into bytes, giving up as soon as it grows past a limit. */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final long limit;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private Flow.Subscription subscription;
  private volatile boolean exceededLimit;

  LimitedBodySubscriber(long limit) {
    this.limit = limit;
  }

  /** Whether the body was abandoned for being larger than the limit. */
  boolean exceededLimit() {
    return exceededLimit;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + (long) item.remaining() > limit) {
        exceededLimit = true;
        subscription.cancel();
        result.completeExceptionally(new java.io.IOException("response body exceeds the limit of " + limit + " bytes"));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      buffer.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }
}
