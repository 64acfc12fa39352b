package dev.backfill.linear.internal;

import static dev.backfill.core.spi.Payloads.requireInstant;
import static dev.backfill.core.spi.Payloads.requireObject;
import static dev.backfill.core.spi.Payloads.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Maps a node of the connector's GraphQL queries into the {@code data} shape of the webhook for
 * its entity (relation ids beside nested objects, connections flattened to lists) and wraps it in
 * an envelope whose action is {@code create} when the entity was created within the window and
 * {@code update} otherwise.
 */
public final class LinearListAdapter {
  private LinearListAdapter() {}

  public static String inferredAction(JsonNode node, Instant since) {
    return requireInstant(node, "createdAt").isBefore(since) ? "update" : "create";
  }

  /** The envelope of an {@code Issue} node. */
  public static ObjectNode issue(JsonNode node, Instant since) {
    ObjectNode data = shallowCopy(node);
    data.put("teamId", requireText(node.path("team"), "id"));
    idOf(node, "state").ifPresent(id -> data.put("stateId", id));
    idOf(node, "creator").ifPresent(id -> data.put("creatorId", id));
    data.remove("creator");
    idOf(node, "assignee").ifPresent(id -> data.put("assigneeId", id));
    ArrayNode labels = flatten(node.path("labels"));
    ArrayNode labelIds = JsonNodeFactory.instance.arrayNode();
    labels.forEach(label -> labelIds.add(label.path("id").asText()));
    data.set("labelIds", labelIds);
    data.set("labels", labels);
    idOf(node, "project").ifPresent(id -> data.put("projectId", id));
    idOf(node, "cycle").ifPresent(id -> data.put("cycleId", id));
    idOf(node, "parent").ifPresent(id -> data.put("parentId", id));
    data.remove("parent");
    return envelope("Issue", inferredAction(node, since), data);
  }

  /** The envelope of a {@code Comment} node. */
  public static ObjectNode comment(JsonNode node, Instant since) {
    ObjectNode data = shallowCopy(node);
    idOf(node, "issue").ifPresent(id -> data.put("issueId", id));
    idOf(node, "user").ifPresent(id -> data.put("userId", id));
    return envelope("Comment", inferredAction(node, since), data);
  }

  /** The envelope of a {@code Project} node. */
  public static ObjectNode project(JsonNode node, Instant since) {
    ObjectNode data = shallowCopy(node);
    data.remove("teams");
    ArrayNode teamIds = data.putArray("teamIds");
    flatten(node.path("teams")).forEach(team -> teamIds.add(team.path("id").asText()));
    return envelope("Project", inferredAction(node, since), data);
  }

  private static ObjectNode envelope(String type, String action, ObjectNode data) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("action", action);
    envelope.put("type", type);
    envelope.set("data", data);
    envelope.put("url", data.path("url").asText(""));
    envelope.put("createdAt", ("create".equals(action) ? data.path("createdAt") : data.path("updatedAt")).asText());
    envelope.put("organizationId", "backfill");
    envelope.put("webhookTimestamp", 0);
    envelope.put("webhookId", "backfill");
    return envelope;
  }

  /**
   * A new object with the fields of {@code node}, whose values it shares: the adapter replaces
   * fields rather than changing values, and an event copies what it keeps.
   */
  private static ObjectNode shallowCopy(JsonNode node) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    copy.setAll(requireObject(node));
    return copy;
  }

  private static java.util.Optional<String> idOf(JsonNode node, String relation) {
    JsonNode id = node.path(relation).path("id");
    return id.isTextual() ? java.util.Optional.of(id.asText()) : java.util.Optional.empty();
  }

  private static ArrayNode flatten(JsonNode connection) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    connection.path("nodes").forEach(list::add);
    return list;
  }
}
