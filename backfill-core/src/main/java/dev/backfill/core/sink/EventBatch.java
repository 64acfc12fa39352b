package dev.backfill.core.sink;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.state.CheckpointKey;
import java.util.List;
import org.immutables.value.Value;

/** The events of one fetched page, with the work they belong to. */
@Value.Immutable
public interface EventBatch {
  /** The (provider, connection, resource, entity type) the page belongs to. */
  CheckpointKey key();

  /** The 1-based page number within that work. */
  long pageNumber();

  /** The page's events, in the provider's order. */
  List<SourceEvent> events();

  /** The events of page {@code pageNumber} of {@code key}'s work. */
  static EventBatch of(CheckpointKey key, long pageNumber, List<SourceEvent> events) {
    return ImmutableEventBatch.builder().key(key).pageNumber(pageNumber).events(events).build();
  }
}
