package dev.backfill.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.WebhookEquivalence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The example connector holds the equivalence property, and the property catches a connector that breaks it. */
class NotesEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static WebhookEquivalence<Note> equivalence(NotesConnector connector) {
    return WebhookEquivalence.<Note>builder(connector)
        .settings(Map.of(NotesConnector.BASE_URL.key(), "https://notes.invalid/api"))
        .webhook(note -> WebhookDelivery.of(Map.of(), note.toWebhook().toString().getBytes(StandardCharsets.UTF_8)))
        .listAnswer((note, url) -> "{\"notes\":[" + note.toListItem() + "],\"next\":null}")
        .request(note -> PageRequest.builder()
            .resource(Resource.of(note.project()))
            .entityType("note")
            .window(Window.of(NOW.minus(Duration.ofDays(120)), NOW))
            .pageNumber(1)
            .build())
        .now(NOW)
        .build();
  }

  @Provide
  Arbitrary<Note> notes() {
    return Note.arbitrary("alpha", NOW, 120);
  }

  @Property
  void webhookAndBackfillAgree(@ForAll("notes") Note note) {
    WebhookEquivalence.Events events = equivalence(new NotesConnector()).check(note);

    assertThat(events.backfill().sourceId()).isEqualTo(note.sourceId());
  }

  @Example
  void failsNamingTheFieldsAConnectorGetsWrong() {
    Note note = new Note("alpha", 7, "Ship it", "open", NOW.minusSeconds(60), "u1", "user1");
    NotesConnector titleShouting = new NotesConnector() {
      @Override
      public Page fetchPage(ConnectorContext context, PageRequest request) {
        Page page = super.fetchPage(context, request);
        return Page.builder().from(page).events(page.events().stream()
            .map(event -> SourceEvent.builder().from(event).title(event.title().toUpperCase(Locale.ROOT)).build())
            .collect(Collectors.toList())).build();
      }
    };

    assertThatThrownBy(() -> equivalence(titleShouting).check(note))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("title (webhook: Ship it, backfill: SHIP IT)")
        .message().doesNotContain("sourceId (");
  }
}
