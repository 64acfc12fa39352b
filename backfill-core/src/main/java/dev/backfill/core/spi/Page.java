package dev.backfill.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.InvalidPayloadException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
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

  /** The provider's estimate of the total number of pages, when it gives one. */
  OptionalLong estimatedTotalPages();

  /** Starts a page. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Page}; {@code itemsSeen} is required. */
  final class Builder extends ImmutablePage.Builder {
    /**
     * Adds the event {@code conversion} makes of each of a page's {@code items}, in order. An item
     * it makes nothing of is passed over (outside the page's range, say); an item whose payload is
     * malformed ({@link InvalidPayloadException}) is reported in {@link Page#skipped()}, named by
     * the resource and the first of {@code idFields} the item has, or by its place in the page.
     */
    public Builder addItems(PageRequest request, JsonNode items, Function<JsonNode, Optional<SourceEvent>> conversion,
        String... idFields) {
      int index = 0;
      for (JsonNode item : items) {
        index++;
        try {
          conversion.apply(item).ifPresent(this::addEvents);
        } catch (InvalidPayloadException malformed) {
          addSkipped(SkippedItem.of(request.resource().id() + " " + itemId(item, idFields, index, request), malformed.getMessage()));
        }
      }
      return this;
    }

    private static String itemId(JsonNode item, String[] idFields, int index, PageRequest request) {
      for (String field : idFields) {
        JsonNode id = item.path(field);
        if (id.isTextual() || id.isNumber()) {
          return id.asText();
        }
      }
      return "item " + index + " of page " + request.pageNumber();
    }
  }
}
