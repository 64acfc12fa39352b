package com.example.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The tickets API's webhooks: a delivery is {@code {"desk": KEY, "ticket": TICKET}}, the ticket as
 * the list returns it, signed with the hex HMAC-SHA256 of the body in {@value #SIGNATURE_HEADER}.
 * The list path wraps its items the same way and calls {@link #transform(ObjectNode,
 * TransformContext)}, so both make one event per ticket state.
 */
public final class TicketsWebhooks implements WebhookHandler {
  /** The header that carries a delivery's signature. */
  public static final String SIGNATURE_HEADER = "X-Tickets-Signature";

  @Override
  public Optional<String> eventHeader() {
    return Optional.empty();
  }

  @Override
  public String signatureHeader() {
    return SIGNATURE_HEADER;
  }

  @Override
  public boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance) {
    return HmacSignatures.matches("HmacSHA256", secret, delivery.body(), delivery.header(SIGNATURE_HEADER).orElse(null));
  }

  @Override
  public Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context) {
    return Optional.of(transform(Payloads.webhookBody(delivery.body(), "tickets delivery"), context));
  }

  /**
   * The event of one ticket state: sourceId {@code ticket:{desk}#{id}:{status}}.
   *
   * @throws dev.backfill.core.error.InvalidPayloadException when the envelope lacks what the event needs
   */
  static SourceEvent transform(ObjectNode envelope, TransformContext context) {
    String desk = Payloads.requireText(envelope, "desk");
    JsonNode ticket = Payloads.requireObject(envelope, "ticket");
    String sourceId = "ticket:" + desk + "#" + Payloads.requireLong(ticket, "id") + ":" + Payloads.requireText(ticket, "status");
    JsonNode requester = Payloads.requireObject(ticket, "requester");
    return context.event("tickets", "ticket", sourceId)
        .title(Payloads.requireText(ticket, "subject"))
        .occurredAt(Payloads.requireInstant(ticket, "updated_at"))
        .actor(SourceActor.of(Payloads.requireText(requester, "id"), Payloads.requireText(requester, "name")))
        .addReferences(SourceReference.of(SourceReference.PROJECT, desk))
        .build();
  }
}
