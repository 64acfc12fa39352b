package dev.backfill.core.spi;

import dev.backfill.core.SourceEvent;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/** One page a connector fetched: its events, where the next page starts, and what it saw. */
@Value.Immutable
public interface Page {
  /** The page's events, already converted through the webhook transformer. */
  List<SourceEvent> events();

  /** Where the next page starts; absent when this was the last page of the window (or of its part). */
  Optional<PageCursor> nextCursor();

  /**
   * The rest of the range cut into parts the runner fetches side by side, at most {@link
   * PageRequest#maxParts()} of them (ignored where that is 1). Two kinds: a list addressed by page numbers
   * offers cursors over the whole range, each carrying where its part ends, and may add a {@link
   * RangePart#closing()} part that checks, once the others have ended, whether items moved across
   * their boundaries meanwhile; a list filtered by time offers slices of the range ({@link
   * TimeSlices}), each fetched from its first page with its own window. The page's own {@link #nextCursor()}, if any, goes on as one more part over the
   * whole range. Together they must cover the rest of the range: parts that would fetch the same
   * page twice, or slices that overlap or leave the range, end the work with an error.
   */
  List<RangePart> parts();

  /**
   * Names the first page of a part (for example {@code "page=9"}), so that the part before it can
   * tell when it {@linkplain #meets() meets} it.
   */
  Optional<String> boundary();

  /**
   * Names the {@link #boundary()} a page is looking for when its part reads on from there, past
   * where the part before it ended (typically offered by a {@link RangePart#closing()} part that
   * found changes): items inserted or moved ahead of a boundary while the parts ran push others
   * across it, and this part reads on until it finds them. The runner delivers only the items no
   * page at that boundary delivered, and ends the part, whatever its next cursor, once the page
   * shares an item with the boundary's first page (by {@link #itemKeys()}; the checkpoint keeps
   * the first ten for later runs), or when no run read that page or it listed nothing to tell it
   * by (then one page is read). Its cursors must differ from the next part's.
   */
  Optional<String> meets();

  /**
   * What identifies each item the page listed, delivered or not, for telling whether a page read
   * past a part's end ({@link #meets()}) shares an item with the next part's first page ({@link
   * #boundary()}); needed only on those pages. Without keys, the events' {@code sourceId}s serve,
   * which cannot recognise items the stream skips (GitHub's issue list also lists pull requests)
   * or items whose state, and so {@code sourceId}, changed in between.
   */
  List<String> itemKeys();

  /** How many raw items the provider returned on this page, kept or not. */
  int itemsSeen();

  /** Items that were not turned into events, with reasons. */
  List<SkippedItem> skipped();

  /** The provider's budget as of this page's last response. */
  Optional<RateLimitStatus> rateLimit();

  /** The provider's estimate of the total number of pages, when it gives one. */
  OptionalLong estimatedTotalPages();

  /** Starts a page. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Page}; {@code itemsSeen} is required. */
  final class Builder extends ImmutablePage.Builder {}
}
