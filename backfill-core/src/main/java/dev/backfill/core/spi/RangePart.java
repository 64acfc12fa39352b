package dev.backfill.core.spi;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where one part of a split range stands: the part's {@link #window()} (the whole range for a list
 * cut by page numbers, a slice of it for a list cut by time) and its next {@link #cursor()}, absent
 * until the part's first page is fetched. The runner asks for the part's pages with that window. A
 * {@link #closing()} part waits until every other part of the range has ended.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRangePart.class)
@JsonDeserialize(as = ImmutableRangePart.class)
public interface RangePart {
  /** The slice of the range this part covers. */
  @Value.Parameter
  Window window();

  /** Where this part goes on; empty before its first page. */
  @Value.Parameter
  Optional<PageCursor> cursor();

  /**
   * Whether the runner fetches this part only after every other part of the range has ended: a
   * check of what changed while the parts ran (items that may have moved across the boundaries
   * between parts of a list addressed by page numbers), which may offer parts that read on there.
   */
  @Value.Default
  default boolean closing() {
    return false;
  }

  /** A part that starts with the first page of {@code window}. */
  static RangePart of(Window window) {
    return ImmutableRangePart.of(window, Optional.empty());
  }

  /** A part of {@code window} that goes on at {@code cursor}. */
  static RangePart of(Window window, PageCursor cursor) {
    return ImmutableRangePart.of(window, Optional.of(cursor));
  }

  /** A {@link #closing()} part of {@code window} that starts at {@code cursor}. */
  static RangePart closing(Window window, PageCursor cursor) {
    return ImmutableRangePart.of(window, Optional.of(cursor)).withClosing(true);
  }

  /** This part gone on to {@code next}. */
  default RangePart at(PageCursor next) {
    return ImmutableRangePart.of(window(), Optional.of(next)).withClosing(closing());
  }

  /** The part's window and cursor, as errors and logs show it. */
  default String describe() {
    return (closing() ? "closing part " : "") + window().describe() + cursor().map(cursor -> " at " + cursor.value()).orElse(", first page");
  }
}
