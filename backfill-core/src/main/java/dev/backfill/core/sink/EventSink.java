package dev.backfill.core.sink;

/**
 * Where a backfill's events go: one call per fetched page. The runner saves the page's checkpoint
 * only after {@link #accept} returns, so return only once the events are safely handed over; a
 * crash then re-delivers at most the one page in flight. Throwing fails the work of that page and
 * keeps its checkpoint before the page.
 *
 * <p>Called from several workers at once; implementations must be thread-safe.
 */
@FunctionalInterface
public interface EventSink {
  /** Takes a page's events; when it returns, they are the host's, and the page's checkpoint is saved. */
  void accept(EventBatch batch);
}
