package dev.backfill.core.spi;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** A list item a connector did not turn into an event, and why (malformed, action not inferable). */
@Value.Immutable
@JsonSerialize(as = ImmutableSkippedItem.class)
@JsonDeserialize(as = ImmutableSkippedItem.class)
public interface SkippedItem {
  /** The item's id as far as it could be read, or a position such as {@code item 17 of page 3}. */
  @Value.Parameter
  String itemId();

  /** Why the item was not turned into an event. */
  @Value.Parameter
  String reason();

  /** An item the connector could not read, named by {@code itemId}, with the reason. */
  static SkippedItem of(String itemId, String reason) {
    return ImmutableSkippedItem.of(itemId, reason);
  }
}
