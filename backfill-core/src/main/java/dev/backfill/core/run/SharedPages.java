package dev.backfill.core.run;

import dev.backfill.core.SourceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The boundaries between the parts of a split range: the items of each part's first page ({@link
 * dev.backfill.core.spi.Page#boundary()}) and of the pages the part before read past its end to
 * meet it ({@link dev.backfill.core.spi.Page#meets()}). Of the pages at one boundary, each item is
 * delivered once.
 */
final class SharedPages {
  private final Map<String, Set<String>> firstPages = new HashMap<>();
  private final Map<String, Set<String>> delivered = new HashMap<>();

  /**
   * Delivers to {@code sink} the {@code events} of the first page of a part at {@code boundary} that
   * no page there delivered before.
   *
   * @return how many it delivered
   */
  synchronized int deliverFirstPage(String boundary, List<SourceEvent> events, Consumer<List<SourceEvent>> sink) {
    Set<String> ids = new HashSet<>();
    events.forEach(event -> ids.add(event.sourceId()));
    firstPages.put(boundary, ids);
    return deliverFresh(boundary, events, sink);
  }

  /**
   * Delivers to {@code sink} the {@code events} of a page read past a part's end to meet {@code
   * boundary} that no page there delivered before.
   *
   * @return how many it delivered
   */
  synchronized int deliverMeeting(String boundary, List<SourceEvent> events, Consumer<List<SourceEvent>> sink) {
    return deliverFresh(boundary, events, sink);
  }

  /**
   * Whether a part reading past its end with {@code events} has met {@code boundary}: they share an
   * item with its first page, or that page was not read here or had no items to tell it by.
   */
  synchronized boolean met(String boundary, List<SourceEvent> events) {
    Set<String> first = firstPages.get(boundary);
    return first == null || first.isEmpty() || events.stream().anyMatch(event -> first.contains(event.sourceId()));
  }

  private int deliverFresh(String boundary, List<SourceEvent> events, Consumer<List<SourceEvent>> sink) {
    Set<String> before = delivered.computeIfAbsent(boundary, unused -> new HashSet<>());
    List<SourceEvent> fresh = new ArrayList<>();
    for (SourceEvent event : events) {
      if (!before.contains(event.sourceId())) {
        fresh.add(event);
      }
    }
    if (!fresh.isEmpty()) {
      sink.accept(fresh);
    }
    fresh.forEach(event -> before.add(event.sourceId()));
    return fresh.size();
  }
}
