package dev.backfill.core.run;

import dev.backfill.core.Redactor;
import dev.backfill.core.http.ProviderHttp;
import dev.backfill.core.internal.HttpObserver;
import dev.backfill.core.internal.ProviderHttpClient;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.RateLimitStatus;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.WorkCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ConnectorContext} of one work: its HTTP view counts requests, retries, waits and
 * refreshes and reports them to the listener under the work's key.
 */
final class WorkContext implements ConnectorContext, HttpObserver {
  private final String connectionId;
  private final Settings settings;
  private final Clock clock;
  private final CheckpointKey key;
  private final BackfillListener listener;
  private final ProviderHttp http;
  private final Redactor redactor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong waits = new AtomicLong();
  private final AtomicLong refreshes = new AtomicLong();

  WorkContext(String connectionId, Settings settings, Clock clock, CheckpointKey key,
      BackfillListener listener, ProviderHttpClient client) {
    this.connectionId = connectionId;
    this.settings = settings;
    this.clock = clock;
    this.key = key;
    this.listener = listener;
    this.http = client.forWorker(this);
    this.redactor = client.redactor();
  }

  /** Redacts the connection's credentials from text headed to logs, checkpoints and results. */
  Redactor redactor() {
    return redactor;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public ProviderHttp http() {
    return http;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void requestSent() {
    requests.incrementAndGet();
    listener.requestSent(key);
  }

  @Override
  public void requestEnded(OptionalInt status) {
    listener.requestEnded(key, status);
  }

  @Override
  public void budgetReported(RateLimitStatus budget) {
    listener.budgetReported(key, budget);
  }

  @Override
  public void retrying(int failedAttempt, String reason, Duration delay) {
    retries.incrementAndGet();
    listener.retrying(key, failedAttempt, reason, delay);
  }

  @Override
  public void rateLimitWait(Instant until, String reason) {
    waits.incrementAndGet();
    listener.waitingForRateLimit(key, until, reason);
  }

  @Override
  public void credentialRefreshed() {
    refreshes.incrementAndGet();
  }

  long requests() {
    return requests.get();
  }

  /** The HTTP counts since the last call, which are then reset. */
  WorkCounts drainHttpCounts() {
    return WorkCounts.builder()
        .requests(requests.getAndSet(0))
        .retries(retries.getAndSet(0))
        .rateLimitWaits(waits.getAndSet(0))
        .credentialRefreshes(refreshes.getAndSet(0))
        .build();
  }
}
