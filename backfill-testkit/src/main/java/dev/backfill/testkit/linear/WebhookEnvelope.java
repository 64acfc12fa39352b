package dev.backfill.testkit.linear;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The envelope Linear wraps every entity's webhook data in. */
final class WebhookEnvelope {
  private WebhookEnvelope() {}

  /**
   * The delivery of {@code data} of {@code type} for {@code action} ({@code create} or {@code
   * update}): stamped with the entity's creation or update time, sent at {@code webhookTimestamp}
   * by another user than the entity's author, and on an update with the previous update time in
   * {@code updatedFrom}.
   */
  static ObjectNode of(String type, String action, ObjectNode data, String url, Instant createdAt, Instant updatedAt,
      Instant webhookTimestamp) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("action", action);
    envelope.put("type", type);
    envelope.set("data", data);
    envelope.put("url", url);
    envelope.put("createdAt", ("create".equals(action) ? createdAt : updatedAt).toString());
    envelope.put("organizationId", "org-1");
    envelope.put("webhookTimestamp", webhookTimestamp.toEpochMilli());
    envelope.put("webhookId", "webhook-1");
    if ("update".equals(action)) {
      envelope.putObject("updatedFrom").put("updatedAt", createdAt.toString());
    }
    envelope.putObject("actor").put("id", "user-actor").put("name", "Someone Else").put("type", "user");
    return envelope;
  }
}
