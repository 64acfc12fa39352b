package dev.backfill.core.internal;

/**
 * Bounds the requests of one connection in flight: at most the configured maximum, and at most
 * what the provider last announced. A lower announcement takes effect for the next request; calls
 * already in flight finish.
 */
final class InFlightLimit {
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

  /** Applies a provider's announcement; values that are not positive integers are ignored. */
  synchronized void announce(String value) {
    try {
      int announced = Integer.parseInt(value.trim());
      if (announced >= 1) {
        limit = Math.min(configured, announced);
        notifyAll();
      }
    } catch (NumberFormatException ignored) {
      // An unreadable announcement leaves the limit as it was.
    }
  }
}
