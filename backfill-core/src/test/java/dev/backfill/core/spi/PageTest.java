package dev.backfill.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void addItemsKeepsWhatConvertsPassesOverWhatIsLeftOutAndReportsMalformedItemsByIdOrPlace() throws Exception {
    JsonNode items = new ObjectMapper().readTree("[{\"id\":1,\"title\":\"one\"},{\"id\":2,\"title\":\"left out\"},"
        + "{\"identifier\":\"ENG-3\",\"id\":3},{\"name\":\"no id\"},{\"id\":5,\"title\":\"five\"}]");
    PageRequest request = PageRequest.builder().resource(Resource.of("acme")).entityType("note")
        .window(Window.of(NOW.minusSeconds(3600), NOW)).pageNumber(4).build();
    TransformContext context = TransformContext.backfill(NOW);

    Page page = Page.builder().itemsSeen(items.size()).addItems(request, items, item -> {
      String title = Payloads.requireText(item, "title");
      return title.equals("left out") ? Optional.<SourceEvent>empty()
          : Optional.of(context.event("notes", "note", "note:" + title).title(title).actor(SourceActor.of("1", "a")).occurredAt(NOW).build());
    }, "identifier", "id").build();

    assertThat(page.events()).extracting(SourceEvent::sourceId).containsExactly("note:one", "note:five");
    assertThat(page.skipped()).extracting(SkippedItem::itemId).containsExactly("acme ENG-3", "acme item 4 of page 4");
    assertThat(page.skipped()).allSatisfy(skipped -> assertThat(skipped.reason()).contains("title"));
  }
}
