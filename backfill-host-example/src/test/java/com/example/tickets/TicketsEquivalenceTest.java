package com.example.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.WebhookEquivalence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A webhook and a backfill of the same ticket state make the same event. */
class TicketsEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final WebhookEquivalence<Ticket> EQUIVALENCE = WebhookEquivalence.<Ticket>builder(new TicketsConnector())
      .settings(Map.of(TicketsConnector.BASE_URL.key(), "https://tickets.invalid"))
      .webhook(ticket -> WebhookDelivery.of(Map.of(), ticket.toWebhook().toString().getBytes(StandardCharsets.UTF_8)))
      .listAnswer((ticket, url) -> "{\"tickets\":[" + ticket.toListItem() + "],\"has_more\":false}")
      .request(ticket -> PageRequest.builder()
          .resource(Resource.of(ticket.desk()))
          .entityType("ticket")
          .window(Window.of(NOW.minus(Duration.ofDays(60)), NOW))
          .pageNumber(1)
          .build())
      .now(NOW)
      .build();

  @Provide
  Arbitrary<Ticket> tickets() {
    return Ticket.arbitrary("support", NOW, 60);
  }

  @Property
  void webhookAndBackfillAgree(@ForAll("tickets") Ticket ticket) {
    assertThat(EQUIVALENCE.check(ticket).backfill().sourceId()).isEqualTo(ticket.sourceId());
  }
}
