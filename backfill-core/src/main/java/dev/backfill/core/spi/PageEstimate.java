package dev.backfill.core.spi;

import org.immutables.value.Value;

/** A connector's estimate of how many pages (and so requests) a (resource, entity type) will take. */
@Value.Immutable
public interface PageEstimate {
  @Value.Parameter
  long pages();

  /** Whether the figure is exact (a {@code total_count}) or an upper bound from {@code rel="last"}. */
  @Value.Parameter
  boolean exact();

  static PageEstimate of(long pages, boolean exact) {
    return ImmutablePageEstimate.of(pages, exact);
  }
}
