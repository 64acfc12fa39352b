package dev.backfill.core.internal;

import dev.backfill.core.http.ResponseStage;

/**
 * Bounds the requests of one connection in flight: at most the configured maximum, and at most
 * what the provider last announced. A lower announcement takes effect for the next request; calls
 * already in flight finish.
 */
final class InFlightLimit implements ResponseStage.ConnectionLimits {
  private final int configured;
  private int limit;
  private int inFlight;

  InFlightLimit(int configured) {
    this.configured = configured;
    this.limit = configured;
  }

  synchronized void acquire() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
  }

  synchronized void release() {
    inFlight--;
    notifyAll();
  }

  /** Applies a provider's announcement; one below 1 is ignored. */
  @Override
  public synchronized void announceConcurrency(int announced) {
    if (announced >= 1) {
      limit = Math.min(configured, announced);
      notifyAll();
    }
  }
}
