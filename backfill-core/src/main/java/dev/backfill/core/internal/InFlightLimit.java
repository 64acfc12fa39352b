package dev.backfill.core.internal;

import dev.backfill.core.http.ResponseStage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bounds the requests of one connection in flight: at most the configured maximum, at most what
 * the provider last announced, and at most what it let through when it last refused one as too
 * many (a 403 or 429 throttle); and holds every request of the connection while a throttle lasts.
 * A connection starts two below its maximum, or at half of it (rounded up) where that is more, and
 * feels its way up: one request at a time may go beyond the limit as a probe, and every {@value
 * #PROOFS} probes that succeed raise the limit by one; so a provider that allows fewer requests at
 * once than configured, but no fewer than the start, refuses one probe and the connection settles
 * at what it allows. A probe may succeed without proving anything, when a request it seemed to
 * overlap had already been answered and the answer was still on its way or waiting for a busy
 * client; asking for a second success makes such a false proof, which would have every request at
 * the raised limit refused, much rarer. A lower limit takes effect for the next request; calls
 * already in flight finish.
 */
final class InFlightLimit implements ResponseStage.ConnectionLimits {
  /** Probes that must succeed, one after another, before the limit rises by one. */
  static final int PROOFS = 2;
  private final int configured;
  private final Clock clock;
  /** How far the limit may grow: the configured maximum, the provider's announcement, or what it let through. */
  private int ceiling;
  /** Requests in flight at once that the connection allows without probing. */
  private int limit;
  private int inFlight;
  /** Whether the one request beyond the limit is in flight. */
  private boolean probing;
  /** Probes that succeeded at the current limit. */
  private int proofs;
  /** {@link System#nanoTime()} until which requests are held; waits run on real time, as {@link Sleeper}'s do. */
  private long pausedUntilNanos = System.nanoTime();

  InFlightLimit(int configured, Clock clock) {
    this.configured = configured;
    this.clock = clock;
    this.ceiling = configured;
    this.limit = configured == Integer.MAX_VALUE ? configured : Math.max(1, Math.max(configured - 2, configured / 2 + configured % 2));
  }

  /**
   * Waits until the connection may send one more request and counts it in flight.
   *
   * @return whether the request goes beyond the limit, as the connection's one probe
   */
  synchronized boolean acquire() throws InterruptedException {
    while (true) {
      long pause = pausedUntilNanos - System.nanoTime();
      if (pause > 0) {
        wait(Math.max(1, pause / 1_000_000));
      } else if (inFlight - (probing ? 1 : 0) < limit) {
        inFlight++;
        return false;
      } else if (!probing && limit < ceiling) {
        inFlight++;
        probing = true;
        return true;
      } else {
        wait();
      }
    }
  }

  /**
   * Counts a request out of flight; the connection's probe ({@code probe}) that {@code succeeded}
   * counts towards raising the limit by one, up to the ceiling, and one that failed starts the
   * count again.
   */
  synchronized void release(boolean probe, boolean succeeded) {
    inFlight--;
    if (probe) {
      probing = false;
      proofs = succeeded ? proofs + 1 : 0;
      if (proofs >= PROOFS && limit < ceiling) {
        limit++;
        proofs = 0;
      }
    }
    notifyAll();
  }

  /** Applies a provider's announcement; one below 1 is ignored. */
  @Override
  public synchronized void announceConcurrency(int announced) {
    if (announced >= 1) {
      ceiling = Math.min(configured, announced);
      limit = ceiling;
      notifyAll();
    }
  }

  /**
   * Holds the connection's requests until {@code until}, after a throttle; one that refused a
   * request as one too many ({@code tooMany}: a 403 or 429) also lowers the limit to the requests
   * still in flight, which the provider let through, and keeps it from growing past them again.
   */
  synchronized void throttled(Instant until, boolean tooMany) {
    long untilNanos = System.nanoTime() + Math.max(0, Duration.between(clock.instant(), until).toNanos());
    if (untilNanos - pausedUntilNanos > 0) {
      pausedUntilNanos = untilNanos;
    }
    if (tooMany) {
      limit = Math.max(1, Math.min(limit, inFlight));
      ceiling = limit;
    }
    notifyAll();
  }
}
