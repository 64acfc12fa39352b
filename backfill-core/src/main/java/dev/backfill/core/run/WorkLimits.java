package dev.backfill.core.run;

import org.immutables.value.Value;

/**
 * Bounds on one (resource, entity type) that stop a broken or hostile provider from keeping a
 * work busy forever or filling it with junk; passing one fails the work with {@link
 * dev.backfill.core.error.WorkLimitExceededException}. The defaults are far above any real backfill.
 */
@Value.Immutable
public interface WorkLimits {
  /** The defaults. */
  WorkLimits DEFAULTS = builder().build();

  /** The most pages one work may fetch, over all its runs. */
  @Value.Default
  default long maxPages() {
    return 100_000;
  }

  /** The most pages in a row, each with a next cursor, that may return no item at all. */
  @Value.Default
  default int maxEmptyPagesInARow() {
    return 20;
  }

  /** The most items one page may hold; providers send at most a few hundred. */
  @Value.Default
  default int maxItemsPerPage() {
    return 10_000;
  }

  /**
   * The most items one work may skip as malformed, over all its runs. A page of more than one item
   * whose every item was skipped fails the work whatever this says: that is a broken page, not a
   * malformed item.
   */
  @Value.Default
  default long maxSkippedItems() {
    return 1_000;
  }

  /** Starts limits, each at its default. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link WorkLimits}; every option has a default. */
  final class Builder extends ImmutableWorkLimits.Builder {}

  /** Refuses limits below one (no skipped item allowed is fine). */
  @Value.Check
  default void check() {
    if (maxPages() < 1 || maxEmptyPagesInARow() < 1 || maxItemsPerPage() < 1 || maxSkippedItems() < 0) {
      throw new IllegalArgumentException("work limits must be positive (maxSkippedItems may be 0): " + this);
    }
  }
}
