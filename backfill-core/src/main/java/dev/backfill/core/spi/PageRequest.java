package dev.backfill.core.spi;

import java.util.Optional;
import org.immutables.value.Value;

/** What the runner asks a connector for: one page of one entity type of one resource. */
@Value.Immutable
public interface PageRequest {
  /** The resource whose page is asked for. */
  Resource resource();

  /** The entity type whose page is asked for. */
  String entityType();

  /**
   * The range {@code [since, until)} to fetch, fixed while it is fetched: often a part of what the
   * run asked for that the work had not covered, so {@code until} may be well before now. Honour
   * both ends.
   */
  Window window();

  /**
   * The whole range the work fetches, of which {@link #window()} is the slice this page belongs
   * to when the range was cut by time ({@link TimeSlices}); otherwise the window itself. A rule
   * that depends on where the range starts (an entity created within it is new) reads it here.
   */
  @Value.Default
  default Window range() {
    return window();
  }

  /** Where the page starts; absent for the first page. */
  Optional<PageCursor> cursor();

  /** The 1-based number of this page within its (resource, entity type). */
  long pageNumber();

  /**
   * Into how many {@link Page#parts()} this page may hand the rest of its window over; 1 (do not
   * split) unless the runner has requests to spare: at most {@value #DEFAULT_MAX_PARTS}, and no more
   * than the connection's {@code maxConcurrentRequests}, shared among the works of the run going
   * now, less the other parts of this range going. A list cut by page numbers splits on its first
   * page only (no cursor); a list cut by time may hand the rest of its window over on any page
   * ({@link TimeSlices}), so as other works end, slices that still hold more than a page are cut
   * again until the connection's requests are busy.
   */
  @Value.Default
  default int maxParts() {
    return 1;
  }

  /** The most parts one page hands its window over to. */
  int DEFAULT_MAX_PARTS = 4;

  /** Starts a page request. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PageRequest}. */
  final class Builder extends ImmutablePageRequest.Builder {}
}
