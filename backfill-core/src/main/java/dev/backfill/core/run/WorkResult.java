package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.WorkCounts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The outcome of one (resource, entity type) of a run. */
@Value.Immutable
public interface WorkResult {
  /** The most skipped items a result lists; {@link WorkCounts#skipped()} counts them all. */
  int MAX_SKIPPED_LISTED = 100;

  /** The work. */
  CheckpointKey key();

  /** COMPLETED, FAILED or CANCELLED. */
  BackfillStatus status();

  /** The range of the work's last segment. */
  Window window();

  /** What this run did for the work: pages, events, requests, retries, waits, refreshes. */
  WorkCounts runCounts();

  /** The work's counts summed over every run of it, this one included, as its checkpoint keeps them. */
  WorkCounts cumulativeCounts();

  /** Items skipped in this run, with reasons (at most {@value #MAX_SKIPPED_LISTED}). */
  List<SkippedItem> skippedItems();

  /**
   * The ranges this run fetched for the work, in order: the segment it resumed, then the parts of
   * the requested range not covered before. Empty when the work had covered all of it already.
   */
  List<Window> fetched();

  /** Whether this run resumed a segment a stopped run left in progress. */
  @Value.Default
  default boolean resumed() {
    return false;
  }

  /** Why the work failed or was cancelled. */
  Optional<BackfillException> error();

  /** How long this run spent on the work, waiting for a worker slot included. */
  @Value.Default
  default Duration elapsed() {
    return Duration.ZERO;
  }

  /** Whether the work completed. */
  default boolean success() {
    return status() == BackfillStatus.COMPLETED;
  }

  /** Starts a result. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WorkResult}. */
  final class Builder extends ImmutableWorkResult.Builder {}
}
