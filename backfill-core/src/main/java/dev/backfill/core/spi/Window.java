package dev.backfill.core.spi;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import org.immutables.value.Value;

/**
 * The time range a backfill covers, fixed once when a run starts and kept in the checkpoint so a
 * resumed run covers the same range. An entity is in the window when it changed at or after
 * {@link #since()}; {@link #until()} is the moment the window was fixed.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableWindow.class)
@JsonDeserialize(as = ImmutableWindow.class)
public interface Window {
  @Value.Parameter
  Instant since();

  @Value.Parameter
  Instant until();

  static Window of(Instant since, Instant until) {
    return ImmutableWindow.of(since, until);
  }

  /** Whether an entity that changed at {@code changedAt} belongs to this window. */
  default boolean contains(Instant changedAt) {
    return !changedAt.isBefore(since());
  }

  @Value.Check
  default void check() {
    if (since().isAfter(until())) {
      throw new IllegalArgumentException("window since " + since() + " is after until " + until());
    }
  }
}
