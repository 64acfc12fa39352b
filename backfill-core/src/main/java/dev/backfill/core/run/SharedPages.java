package dev.backfill.core.run;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.spi.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The boundaries between the parts of a split range: the items of each part's first page ({@link
 * Page#boundary()}) and of the pages the part before read past its end to meet it ({@link
 * Page#meets()}). Of the pages at one boundary, each item is delivered once.
 */
final class SharedPages {
  /** How many items of a part's first page a checkpoint keeps: the first met when the part before reads on. */
  static final int KEPT_ITEMS = 10;
  private final Map<String, Set<String>> firstPages = new HashMap<>();
  private final Map<String, Set<String>> delivered = new HashMap<>();

  /**
   * Recalls the first pages that an earlier run or step read, from a checkpoint's {@link
   * dev.backfill.core.state.Checkpoint#partStarts()}, where this one read none.
   */
  synchronized void recall(Map<String, List<String>> partStarts) {
    partStarts.forEach((boundary, items) -> firstPages.putIfAbsent(boundary, new HashSet<>(items)));
  }

  /** The first items of {@code page}, a part's first page, for a checkpoint's {@code partStarts}. */
  static List<String> kept(Page page) {
    return keyList(page).stream().limit(KEPT_ITEMS).collect(Collectors.toList());
  }

  /**
   * Remembers the items of {@code page}, the first page of a part at {@code boundary}, and delivers
   * to {@code sink} its events that no page there delivered before.
   *
   * @return how many it delivered
   */
  synchronized int deliverFirstPage(String boundary, Page page, Consumer<List<SourceEvent>> sink) {
    firstPages.put(boundary, keys(page));
    return deliverFresh(boundary, page.events(), sink);
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
   * Whether a part reading past its end has met {@code boundary} with {@code page}: it shares an
   * item with the first page there, or that page is unknown here (neither read nor recalled) or
   * had no items to tell it by.
   */
  synchronized boolean met(String boundary, Page page) {
    Set<String> first = firstPages.get(boundary);
    return first == null || first.isEmpty() || keys(page).stream().anyMatch(first::contains);
  }

  private static Set<String> keys(Page page) {
    return new HashSet<>(keyList(page));
  }

  /** The page's {@link Page#itemKeys()}, or its events' {@code sourceId}s without them, in page order. */
  private static List<String> keyList(Page page) {
    return page.itemKeys().isEmpty()
        ? page.events().stream().map(SourceEvent::sourceId).collect(Collectors.toList())
        : page.itemKeys();
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
