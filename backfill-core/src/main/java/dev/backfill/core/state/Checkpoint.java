package dev.backfill.core.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How far the backfill of one (provider, connection, resource, entity type) got: the ranges it
 * delivered completely ({@link #covered()}), the range of its current or last segment ({@link
 * #window()}) with the cursor of the next page to fetch, counts and status. The runner saves it
 * only after the sink accepted a page, so a crash re-delivers at most the page in flight. A
 * checkpoint never holds a credential. One written before ranges were kept (no {@code covered})
 * reads as its one window, covered when it completed.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCheckpoint.class)
@JsonDeserialize(as = ImmutableCheckpoint.class)
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public interface Checkpoint {
  /** The work this checkpoint belongs to. */
  CheckpointKey key();

  /** The range of the current segment (or the last, when COMPLETED), fixed when it started; a resumed run keeps it. */
  Window window();

  /** The ranges already delivered completely, sorted and disjoint; a request fetches only what they leave out. */
  List<Window> covered();

  /**
   * Everything delivered completely, in whole seconds: {@link #covered()}, and {@link #window()}
   * when the checkpoint completed. A range of sub-second precision (written before ranges were
   * whole seconds) counts only with the whole seconds inside it, so nothing is taken as covered
   * that was not fetched.
   */
  @JsonIgnore
  default List<Window> coveredRanges() {
    List<Window> ranges = List.of();
    for (Window range : covered()) {
      ranges = Coverage.merge(ranges, range.wholeSeconds());
    }
    if (status() == BackfillStatus.COMPLETED) {
      ranges = Coverage.merge(ranges, window().wholeSeconds());
    }
    return ranges;
  }

  /** The next page to fetch; absent before the first page, after the last, and once the range was split into {@link #parts()}. */
  Optional<PageCursor> cursor();

  /**
   * Once the range's first page split it into parts: each part not finished yet, with its window
   * and next cursor, fetched side by side; the range is complete when none is left.
   */
  List<RangePart> parts();

  /**
   * While the range is split: the first items of each part's first page that was read, by its
   * {@link dev.backfill.core.spi.Page#boundary()}, so that a part reading past its end in a later
   * run, or in a later step of a workflow, still recognises where the next part began.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  Map<String, List<String>> partStarts();

  /** Where the work stands. */
  BackfillStatus status();

  /** What every run of the work did so far. */
  @Value.Default
  default WorkCounts counts() {
    return WorkCounts.zero();
  }

  /** The error that stopped the last run of this work, if it failed. */
  Optional<String> lastError();

  /** When the checkpoint was saved. */
  Instant updatedAt();

  /** Starts a checkpoint. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Checkpoint}. */
  final class Builder extends ImmutableCheckpoint.Builder {}
}
