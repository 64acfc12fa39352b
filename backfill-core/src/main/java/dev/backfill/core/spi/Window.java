package dev.backfill.core.spi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.immutables.value.Value;

/**
 * A time range {@code [since, until)} of entity changes: an entity is in it when it changed at or
 * after {@link #since()} and before {@link #until()}, so an entity exactly at a boundary belongs to
 * exactly one of two adjacent ranges. The runner fixes a work's range when it starts and keeps it
 * in the checkpoint, so a resumed run covers the same range; ranges are whole seconds.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableWindow.class)
@JsonDeserialize(as = ImmutableWindow.class)
public interface Window {
  /** The first instant in the window. */
  @Value.Parameter
  Instant since();

  /** The first instant after the window. */
  @Value.Parameter
  Instant until();

  /** The window {@code [since, until)}. */
  static Window of(Instant since, Instant until) {
    return ImmutableWindow.of(since, until);
  }

  /** Whether an entity that changed at {@code changedAt} belongs to this window: {@code since <= changedAt < until}. */
  default boolean contains(Instant changedAt) {
    return !changedAt.isBefore(since()) && changedAt.isBefore(until());
  }

  /** Whether the window holds no instant at all. */
  @JsonIgnore
  default boolean isEmpty() {
    return !since().isBefore(until());
  }

  /**
   * The whole seconds inside this window: since rounded up, until rounded down. Ranges the runner
   * fixes are whole seconds already; windows of checkpoints written before were not.
   */
  default Window wholeSeconds() {
    Instant since = since().truncatedTo(ChronoUnit.SECONDS);
    if (since.isBefore(since())) {
      since = since.plusSeconds(1);
    }
    Instant until = until().truncatedTo(ChronoUnit.SECONDS);
    return until.isBefore(since) ? of(since, since) : of(since, until);
  }

  /**
   * This window cut into at most {@code count} adjacent slices of about equal length, in whole
   * seconds, oldest first; fewer when the window is shorter than {@code count} seconds.
   */
  default List<Window> slices(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("cannot cut a window into " + count + " slices");
    }
    long seconds = Math.max(0, Duration.between(since(), until()).getSeconds());
    int slices = (int) Math.max(1, Math.min(count, seconds));
    List<Window> cut = new ArrayList<>(slices);
    Instant start = since();
    for (int slice = 1; slice <= slices; slice++) {
      Instant end = slice == slices ? until() : since().plusSeconds(seconds * slice / slices);
      cut.add(of(start, end));
      start = end;
    }
    return cut;
  }

  /** {@code since .. until}, as output shows a range. */
  default String describe() {
    return since() + " .. " + until();
  }

  /** Refuses a window that ends before it starts. */
  @Value.Check
  default void check() {
    if (since().isAfter(until())) {
      throw new IllegalArgumentException("window since " + since() + " is after until " + until());
    }
  }
}
