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

  /** Where the next page starts; absent when this was the last page of the window. */
  Optional<PageCursor> nextCursor();

  /** How many raw items the provider returned on this page, kept or not. */
  int itemsSeen();

  /** Items that were not turned into events, with reasons. */
  List<SkippedItem> skipped();

  /** The provider's budget as of this page's last response. */
  Optional<RateLimitStatus> rateLimit();

  /** The provider's estimate of the total number of pages, when it gives one. */
  OptionalLong estimatedTotalPages();

  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Page}; {@code itemsSeen} is required. */
  final class Builder extends ImmutablePage.Builder {}
}
