package dev.backfill.core.run;

import dev.backfill.core.spi.PageRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many parts of its range each work of one run may have at once: the connection's limit of
 * requests in flight shared among the works running now, so that when works end the ones left may
 * split their ranges further and keep the connection's requests busy. Never fewer than {@link
 * PageRequest#DEFAULT_MAX_PARTS} (the HTTP client holds the connection's limit whatever the parts
 * ask) and never more than the limit, so a connection limited to one request in flight never splits.
 */
final class PartShares {
  private final int limit;
  private final AtomicInteger running = new AtomicInteger();

  private PartShares(int limit) {
    this.limit = Math.max(1, limit);
  }

  /** The shares of a run of {@code prepared}'s connection. */
  static PartShares of(RunLifecycle.Prepared prepared) {
    return new PartShares(prepared.requestSlots());
  }

  /** The most parts one work may ever have at once: the connection's limit. */
  int limit() {
    return limit;
  }

  /** A work began fetching pages. */
  void started() {
    running.incrementAndGet();
  }

  /** A work stopped fetching pages. */
  void ended() {
    running.decrementAndGet();
  }

  /** How many parts a work running now may have at once. */
  int share() {
    return Math.min(limit, Math.max(PageRequest.DEFAULT_MAX_PARTS, limit / Math.max(1, running.get())));
  }
}
