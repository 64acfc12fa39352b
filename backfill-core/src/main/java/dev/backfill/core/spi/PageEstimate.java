package dev.backfill.core.spi;

import org.immutables.value.Value;

/** A connector's estimate of how many pages (and so requests) a (resource, entity type) will take. */
@Value.Immutable
public interface PageEstimate {
  /** How many pages the work will take. */
  @Value.Parameter
  long pages();

  /** Whether the figure is exact (a {@code total_count}) or an upper bound from {@code rel="last"}. */
  @Value.Parameter
  boolean exact();

  /** An estimate of {@code pages} pages, {@code exact} when the provider counted them. */
  static PageEstimate of(long pages, boolean exact) {
    return ImmutablePageEstimate.of(pages, exact);
  }
}
