package dev.backfill.core.spi;

import java.util.Optional;
import org.immutables.value.Value;

/** What the runner asks a connector for: one page of one entity type of one resource. */
@Value.Immutable
public interface PageRequest {
  Resource resource();

  String entityType();

  /**
   * The range {@code [since, until)} to fetch, fixed while it is fetched: often a part of what the
   * run asked for that the work had not covered, so {@code until} may be well before now. Honour
   * both ends.
   */
  Window window();

  /** Where the page starts; absent for the first page. */
  Optional<PageCursor> cursor();

  /** The 1-based number of this page within its (resource, entity type). */
  long pageNumber();

  static ImmutablePageRequest.Builder builder() {
    return ImmutablePageRequest.builder();
  }
}
