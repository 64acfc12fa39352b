package com.example.tickets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** One state of a ticket, rendered as the list item and as the webhook body of that state. */
record Ticket(String desk, long id, String subject, String status, Instant createdAt, Instant updatedAt, String requester) {
  static Arbitrary<Ticket> arbitrary(String desk, Instant now, int days) {
    Arbitrary<Long> ids = Arbitraries.longs().between(1, 9_999_999);
    Arbitrary<String> subjects = Arbitraries.strings().ofMinLength(1).ofMaxLength(80).filter(subject -> !subject.isBlank());
    Arbitrary<String> statuses = Arbitraries.of("new", "open", "pending", "solved");
    Arbitrary<Long> createdSecondsAgo = Arbitraries.longs().between(1, Duration.ofDays(days).toSeconds());
    Arbitrary<Double> updatedShare = Arbitraries.doubles().between(0, 1);
    Arbitrary<String> requesters = Arbitraries.of("ana", "bo", "chen", "dee");
    return Combinators.combine(ids, subjects, statuses, createdSecondsAgo, updatedShare, requesters)
        .as((id, subject, status, created, share, requester) -> new Ticket(desk, id, subject, status,
            now.minusSeconds(created), now.minusSeconds((long) (created * share)), requester));
  }

  String sourceId() {
    return "ticket:" + desk + "#" + id + ":" + status;
  }

  ObjectNode toListItem() {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("id", id);
    item.put("subject", subject);
    item.put("status", status);
    item.put("created_at", createdAt.toString());
    item.put("updated_at", updatedAt.toString());
    item.putObject("requester").put("id", "req-" + requester).put("name", requester);
    return item;
  }

  ObjectNode toWebhook() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("desk", desk);
    body.set("ticket", toListItem());
    return body;
  }
}
