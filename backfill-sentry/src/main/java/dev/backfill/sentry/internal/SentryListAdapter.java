package dev.backfill.sentry.internal;

import static dev.backfill.core.spi.Payloads.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.error.InvalidPayloadException;

/**
 * Wraps an issue of {@code GET /api/0/projects/{org}/{project}/issues/} into the {@code issue}
 * webhook of the action its status implies: unresolved is {@code created}, resolved {@code
 * resolved}, ignored {@code ignored}.
 */
public final class SentryListAdapter {
  private SentryListAdapter() {}

  public static String inferredAction(String status) {
    switch (status) {
      case "unresolved":
        return "created";
      case "resolved":
        return "resolved";
      case "ignored":
        return "ignored";
      default:
        throw new InvalidPayloadException("cannot infer the action of an issue with status '" + status + "'");
    }
  }

  /** The envelope for {@code item}, which it holds itself rather than a copy: an event copies what it keeps. */
  public static ObjectNode envelope(JsonNode item) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("action", inferredAction(requireText(item, "status")));
    envelope.putObject("installation").put("uuid", "backfill");
    envelope.putObject("data").set("issue", item);
    envelope.putObject("actor").put("type", "application").put("id", "backfill").put("name", "backfill");
    return envelope;
  }
}
