package dev.backfill.core.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.immutables.value.Value;

/**
 * Where the next page starts, opaque to everyone but the connector that made it: a next-page URL,
 * a GraphQL end cursor, a timestamp. Serialises as a plain JSON string so checkpoints can keep it.
 */
@Value.Immutable
public abstract class PageCursor {
  PageCursor() {}

  /** The cursor's text, opaque to everyone but its connector. */
  @JsonValue
  @Value.Parameter
  public abstract String value();

  /** A cursor with {@code value} as its text. */
  @JsonCreator
  public static PageCursor of(String value) {
    return ImmutablePageCursor.of(value);
  }

  @Value.Check
  void check() {
    if (value().isEmpty()) {
      throw new IllegalArgumentException("a page cursor cannot be empty; an absent cursor means the last page");
    }
  }
}
