package dev.backfill.vercel.internal;

import static dev.backfill.core.spi.Payloads.requireLong;
import static dev.backfill.core.spi.Payloads.requireText;
import static dev.backfill.core.spi.Payloads.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.error.InvalidPayloadException;
import java.util.Optional;

/**
 * Wraps a deployment of {@code GET /v6/deployments} into the webhook envelope of the event its
 * state implies: READY is {@code deployment.succeeded}, ERROR {@code deployment.error}, CANCELED
 * {@code deployment.canceled}, BUILDING, QUEUED, INITIALIZING, BLOCKED (waiting for approval) and
 * DELETED {@code deployment.created}, the event Vercel sent when the deployment began. The
 * envelope's {@code createdAt} is when the deployment reached that state: {@code ready} for a
 * finished deployment when the item has it, {@code created} otherwise.
 */
public final class VercelListAdapter {
  private VercelListAdapter() {}

  /** The event type the contract infers from a deployment's state. */
  public static String inferredEventType(String state) {
    switch (state) {
      case "READY":
        return "deployment.succeeded";
      case "ERROR":
        return "deployment.error";
      case "CANCELED":
        return "deployment.canceled";
      case "BUILDING":
      case "QUEUED":
      case "INITIALIZING":
      case "BLOCKED":
      case "DELETED":
        return "deployment.created";
      default:
        throw new InvalidPayloadException("cannot infer the event of a deployment in state '" + state + "'");
    }
  }

  /**
   * The envelope for {@code item}, sharing its {@code meta} rather than copying it: an event
   * copies what it keeps.
   *
   * @param projectId the project the item was listed for, used when the item does not name it
   * @param teamId the team the connection is scoped to, if any
   */
  public static ObjectNode envelope(JsonNode item, String projectId, Optional<String> teamId) {
    String state = text(item, "state").or(() -> text(item, "readyState"))
        .orElseThrow(() -> new InvalidPayloadException("field 'state' is missing or not a non-empty string"));
    String type = inferredEventType(state);
    long created = requireLong(item, "created");
    boolean finished = !"deployment.created".equals(type);
    long at = finished && item.path("ready").isIntegralNumber() ? item.path("ready").asLong() : created;

    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode envelope = json.objectNode();
    envelope.put("id", "backfill");
    envelope.put("type", type);
    envelope.put("createdAt", at);
    ObjectNode payload = envelope.putObject("payload");
    ObjectNode deployment = payload.putObject("deployment");
    deployment.put("id", requireText(item, "uid"));
    if (item.path("meta").isObject()) {
      deployment.set("meta", item.path("meta"));
    }
    text(item, "url").ifPresent(url -> deployment.put("url", url));
    text(item, "name").ifPresent(name -> deployment.put("name", name));
    payload.putObject("project").put("id", text(item, "projectId").orElse(projectId));
    if (teamId.isPresent()) {
      payload.putObject("team").put("id", teamId.get());
    } else {
      payload.putNull("team");
    }
    payload.putObject("user").put("id", requireText(item.path("creator"), "uid"));
    if (item.path("target").isTextual()) {
      payload.put("target", item.path("target").asText());
    } else {
      payload.putNull("target");
    }
    text(item, "name").ifPresent(name -> payload.put("name", name));
    text(item, "url").ifPresent(url -> payload.put("url", url));
    text(item, "inspectorUrl").ifPresent(url -> payload.putObject("links").put("deployment", url));
    return envelope;
  }
}
