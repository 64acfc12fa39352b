package dev.backfill.core.state;

import dev.backfill.core.spi.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Operations on the ranges a work has covered: sorted, disjoint, with touching ranges merged. */
public final class Coverage {
  private Coverage() {}

  /** {@code covered} with {@code range} added, sorted by since, overlapping and touching ranges merged. */
  public static List<Window> merge(List<Window> covered, Window range) {
    List<Window> all = new ArrayList<>(covered);
    all.add(range);
    all.removeIf(Window::isEmpty);
    all.sort(Comparator.comparing(Window::since));
    List<Window> merged = new ArrayList<>();
    for (Window next : all) {
      if (!merged.isEmpty() && !next.since().isAfter(merged.get(merged.size() - 1).until())) {
        Window last = merged.remove(merged.size() - 1);
        Instant until = next.until().isAfter(last.until()) ? next.until() : last.until();
        merged.add(Window.of(last.since(), until));
      } else {
        merged.add(next);
      }
    }
    return List.copyOf(merged);
  }

  /** The parts of {@code requested} that {@code covered} (sorted and disjoint) leaves out, newest first. */
  public static List<Window> gaps(Window requested, List<Window> covered) {
    List<Window> gaps = new ArrayList<>();
    Instant from = requested.since();
    for (Window range : covered) {
      if (!range.until().isAfter(from) || !range.since().isBefore(requested.until())) {
        continue;
      }
      if (range.since().isAfter(from)) {
        gaps.add(Window.of(from, range.since()));
      }
      from = range.until().isAfter(from) ? range.until() : from;
    }
    if (from.isBefore(requested.until())) {
      gaps.add(Window.of(from, requested.until()));
    }
    gaps.sort(Comparator.comparing(Window::since).reversed());
    return List.copyOf(gaps);
  }
}
