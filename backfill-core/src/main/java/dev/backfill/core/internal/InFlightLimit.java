package dev.backfill.core.internal;

import dev.backfill.core.http.ResponseStage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bounds the requests of one connection in flight: at most the configured maximum, at most what
 * the provider last announced, and at most what it let through when it last refused one as too
 * many (a 403 or 429 throttle); and holds every request of the connection while a throttle lasts.
 * A lower limit takes effect for the next request; calls already in flight finish.
 */
final class InFlightLimit implements ResponseStage.ConnectionLimits {
  private final int configured;
  private final Clock clock;
  private int limit;
  private int inFlight;
  /** {@link System#nanoTime()} until which requests are held; waits run on real time, as {@link Sleeper}'s do. */
  private long pausedUntilNanos = System.nanoTime();

  InFlightLimit(int configured, Clock clock) {
    this.configured = configured;
    this.clock = clock;
    this.limit = configured;
  }

  synchronized void acquire() throws InterruptedException {
    while (true) {
      long pause = pausedUntilNanos - System.nanoTime();
      if (pause > 0) {
        wait(Math.max(1, pause / 1_000_000));
      } else if (inFlight >= limit) {
        wait();
      } else {
        break;
      }
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

  /**
   * Holds the connection's requests until {@code until}, after a throttle; one that refused a
   * request as one too many ({@code tooMany}: a 403 or 429) also lowers the limit to the requests
   * still in flight, which the provider let through.
   */
  synchronized void throttled(Instant until, boolean tooMany) {
    long untilNanos = System.nanoTime() + Math.max(0, Duration.between(clock.instant(), until).toNanos());
    if (untilNanos - pausedUntilNanos > 0) {
      pausedUntilNanos = untilNanos;
    }
    if (tooMany) {
      limit = Math.max(1, Math.min(limit, inFlight));
    }
    notifyAll();
  }
}
