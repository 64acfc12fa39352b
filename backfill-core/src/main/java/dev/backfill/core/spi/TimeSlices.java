package dev.backfill.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * How a list filtered and ordered by time, newest first, hands the rest of its window over to
 * slices fetched side by side, on any page whose request allows more than one part ({@link
 * PageRequest#maxParts()}). The page keeps the items at or after a cut, the first whole second
 * after its oldest item, so no item of that second is split between the page and the rest. The
 * rest, {@code [since, cut)}, is cut newest first into slices whose ends lie evenly on a
 * logarithmic scale of the distance from the cut, from one page's span at this page's density to
 * the whole rest: lists of changes are densest at their newest end (what changed lately changes
 * again), and if the changes thin out with age in proportion, each slice holds about as many. Where
 * they do not, the runner asks again on later pages while it has requests to spare (more as other
 * works of the run end), so a slice that holds more than its share is cut again once the others are
 * done. There are never more slices than the rest likely fills pages at this page's density, so a
 * short rest is not cut into slices that each cost a request for a few items.
 */
public final class TimeSlices {
  private final Window page;
  private final List<RangePart> parts;

  private TimeSlices(Window page, List<RangePart> parts) {
    this.page = page;
    this.parts = parts;
  }

  /**
   * Plans handing the rest of {@code request}'s window over to slices after a page of {@code
   * items} items that changed at {@code changed} (those whose time could be read); empty when the
   * request may not split, no time could be read, or the rest likely fits in one more page of
   * {@code pageSize} (then the list goes on page after page).
   */
  public static Optional<TimeSlices> plan(PageRequest request, Collection<Instant> changed, int items, int pageSize) {
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    Instant newest = Collections.max(changed);
    Instant oldest = Collections.min(changed);
    Window window = request.window();
    Instant cut = oldest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    if (request.maxParts() < 2 || items < 1 || !cut.isBefore(window.until()) || !window.since().isBefore(cut)) {
      return Optional.empty();
    }
    long pageSeconds = Math.max(1, Math.max(1, Duration.between(oldest, newest).getSeconds()) * Math.max(1, pageSize) / items);
    long rest = Duration.between(window.since(), cut).getSeconds();
    if (rest <= pageSeconds) {
      return Optional.empty();
    }
    List<RangePart> parts = new ArrayList<>();
    double ratio = rest / (double) pageSeconds;
    int slices = (int) Math.min(request.maxParts(), Math.ceil(ratio));
    Instant until = cut;
    for (int slice = 1; slice <= slices; slice++) {
      long distance = slice == slices ? rest : Math.round(pageSeconds * Math.pow(ratio, slice / (double) slices));
      Instant since = cut.minusSeconds(distance);
      if (since.isBefore(until)) {
        parts.add(RangePart.of(Window.of(since, until)));
        until = since;
      }
    }
    return parts.size() < 2 ? Optional.empty() : Optional.of(new TimeSlices(Window.of(cut, window.until()), parts));
  }

  /** The items the page delivers: those it holds in {@code [cut, until)}. */
  public Window page() {
    return page;
  }

  /** The slices of {@code [since, cut)}, newest first, for {@link Page.Builder#parts}; the page then has no next cursor. */
  public List<RangePart> parts() {
    return parts;
  }
}
