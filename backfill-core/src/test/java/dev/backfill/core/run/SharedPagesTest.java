package dev.backfill.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.IngestionSource;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.spi.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The boundary between two parts: the earlier part reads past its end until it meets the next part's first page. */
class SharedPagesTest {
  private final SharedPages shared = new SharedPages();
  private final List<String> delivered = new ArrayList<>();

  /** A page whose items are its events, known by their sourceIds. */
  private static Page page(String... sourceIds) {
    return Page.builder().itemsSeen(sourceIds.length).events(events(sourceIds)).build();
  }

  /** A page that lists the items {@code keys} and delivers the events {@code sourceIds} of some of them. */
  private static Page keyed(List<String> keys, String... sourceIds) {
    return Page.builder().itemsSeen(keys.size()).itemKeys(keys).events(events(sourceIds)).build();
  }

  private static List<SourceEvent> events(String... sourceIds) {
    return Arrays.stream(sourceIds).map(id -> SourceEvent.builder()
        .source("scripted").sourceType("alpha").sourceId(id).title(id).actor(SourceActor.of("1", "a"))
        .occurredAt(Instant.parse("2026-11-01T00:00:00Z")).deliveryId("backfill:" + id)
        .ingestionSource(IngestionSource.BACKFILL).build()).collect(Collectors.toList());
  }

  private void deliver(List<SourceEvent> events) {
    events.forEach(event -> delivered.add(event.sourceId()));
  }

  /** A page read past a part's end: delivers what is fresh and tells whether the part met the boundary. */
  private boolean meet(String boundary, Page page) {
    shared.deliverMeeting(boundary, page.events(), this::deliver);
    return shared.met(boundary, page);
  }

  @Test
  void nothingMovedMeansOnePagePastTheEndDeliversNothingAgain() {
    assertThat(shared.deliverFirstPage("page=3", page("e", "f", "g"), this::deliver)).isEqualTo(3);
    assertThat(shared.deliverMeeting("page=3", events("e", "f", "g"), this::deliver)).as("delivered again").isZero();

    boolean met = meet("page=3", page("e", "f", "g"));

    assertThat(met).isTrue();
    assertThat(delivered).containsExactly("e", "f", "g");
  }

  @Test
  void itemsPushedPastTheNextPartsFirstPageAreReadOnUntilThePartsMeet() {
    shared.deliverFirstPage("page=3", page("e", "f", "g"), this::deliver);

    boolean firstPast = meet("page=3", page("b", "c", "d"));
    boolean secondPast = meet("page=3", page("x", "e", "f"));

    assertThat(firstPast).as("four items were inserted ahead: the first page past the end shares nothing").isFalse();
    assertThat(secondPast).isTrue();
    assertThat(delivered).containsExactly("e", "f", "g", "b", "c", "d", "x");
  }

  @Test
  void withoutTheNextPartsFirstPageInThisRunOnePagePastTheEndIsRead() {
    boolean met = meet("page=3", page("d", "e", "f"));
    shared.deliverFirstPage("page=3", page("e", "f", "g"), this::deliver);

    assertThat(met).isTrue();
    assertThat(delivered).containsExactly("d", "e", "f", "g");
  }

  @Test
  void aFirstPageThatListedNothingCannotBeMetSoOnePageIsRead() {
    shared.deliverFirstPage("page=3", page(), this::deliver);

    assertThat(meet("page=3", page("d"))).isTrue();
    assertThat(meet("page=4", page("d"))).as("another boundary").isTrue();
    assertThat(delivered).containsExactly("d", "d");
  }

  @Test
  void aFirstPageWhoseItemsMadeNoEventsIsMetByItsItemKeys() {
    shared.deliverFirstPage("page=3", keyed(List.of("#7", "#8", "#9")), this::deliver);

    boolean firstPast = meet("page=3", keyed(List.of("#3", "#4", "#5"), "issue#4"));
    boolean secondPast = meet("page=3", keyed(List.of("#6", "#7", "#8"), "issue#6"));

    assertThat(firstPast).as("the first page past the end lists none of the next part's first items").isFalse();
    assertThat(secondPast).isTrue();
    assertThat(delivered).containsExactly("issue#4", "issue#6");
  }

  @Test
  void aFirstPageReadInAnEarlierRunIsRecalledFromTheCheckpoint() {
    Page first = keyed(List.of("#7", "#8", "#9", "#10", "#11", "#12", "#13", "#14", "#15", "#16", "#17", "#18"));
    assertThat(SharedPages.kept(first)).as("the first ten").containsExactly("#7", "#8", "#9", "#10", "#11", "#12", "#13", "#14", "#15", "#16");
    shared.recall(Map.of("page=3", SharedPages.kept(first)));

    boolean firstPast = meet("page=3", keyed(List.of("#3", "#4", "#5"), "issue#4"));
    boolean secondPast = meet("page=3", keyed(List.of("#6", "#7", "#8"), "issue#6"));

    assertThat(firstPast).isFalse();
    assertThat(secondPast).isTrue();
  }

  @Test
  void aFirstPageReadInThisRunIsNotReplacedByARecalledOne() {
    shared.deliverFirstPage("page=3", keyed(List.of("#7", "#8")), this::deliver);
    shared.recall(Map.of("page=3", List.of("#1")));

    assertThat(meet("page=3", keyed(List.of("#1", "#2")))).isFalse();
    assertThat(meet("page=3", keyed(List.of("#6", "#7")))).isTrue();
  }

  @Test
  void anItemWhoseStateChangedInBetweenIsStillKnownByItsKey() {
    shared.deliverFirstPage("page=3", keyed(List.of("#7", "#8"), "pr#7:opened", "pr#8:opened"), this::deliver);

    assertThat(meet("page=3", keyed(List.of("#5", "#6", "#7"), "pr#5:opened", "pr#6:opened", "pr#7:merged"))).isTrue();
    assertThat(delivered).containsExactly("pr#7:opened", "pr#8:opened", "pr#5:opened", "pr#6:opened", "pr#7:merged");
  }
}
