package dev.backfill.linear.internal;

import static dev.backfill.core.spi.Payloads.instant;
import static dev.backfill.core.spi.Payloads.requireInstant;
import static dev.backfill.core.spi.Payloads.requireObject;
import static dev.backfill.core.spi.Payloads.requireText;
import static dev.backfill.core.spi.Payloads.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The only code that builds Linear {@link SourceEvent}s, from webhook envelopes ({@code action},
 * {@code type}, {@code data}, ...) whether Linear delivered them or an adapter built them from a
 * GraphQL node. Handles Issue, Comment, Project, Cycle and ProjectUpdate.
 */
public final class LinearTransformer {
  public static final String SOURCE = "linear";

  /** The actor of events whose entity names no person (projects, cycles, issues created by an integration). */
  public static final SourceActor LINEAR = SourceActor.of("linear", "Linear");

  private LinearTransformer() {}

  /**
   * The event of a webhook envelope, or empty for an entity type this connector does not handle.
   *
   * @throws InvalidPayloadException when the envelope lacks what the event needs
   */
  public static Optional<SourceEvent> transform(JsonNode envelope, TransformContext context) {
    String type = requireText(envelope, "type");
    String action = requireText(envelope, "action");
    JsonNode data = requireObject(envelope, "data");
    switch (type) {
      case "Issue":
        return Optional.of(issue(action, data, context));
      case "Comment":
        return Optional.of(comment(action, data, text(envelope, "url"), context));
      case "Project":
        return Optional.of(project(action, data, context));
      case "Cycle":
        return Optional.of(cycle(action, data, context));
      case "ProjectUpdate":
        return Optional.of(projectUpdate(action, data, context));
      default:
        return Optional.empty();
    }
  }

  static SourceEvent issue(String action, JsonNode data, TransformContext context) {
    String identifier = identifier(data);
    String sourceId = "linear-issue:" + identifier + ":" + action;
    List<SourceReference> references = new ArrayList<>();
    text(data.path("team"), "key").or(() -> text(data, "teamId"))
        .ifPresent(team -> references.add(SourceReference.of("team", team)));
    text(data.path("project"), "name").or(() -> text(data, "projectId"))
        .ifPresent(project -> references.add(SourceReference.of(SourceReference.PROJECT, project)));
    if (data.path("cycle").path("number").isIntegralNumber()) {
      references.add(SourceReference.of("cycle", Long.toString(data.path("cycle").path("number").asLong())));
    }
    for (JsonNode label : data.path("labels")) {
      text(label, "name").ifPresent(name -> references.add(SourceReference.of(SourceReference.LABEL, name)));
    }
    text(data.path("assignee"), "name").or(() -> text(data, "assigneeId"))
        .ifPresent(assignee -> references.add(SourceReference.of(SourceReference.ASSIGNEE, assignee)));

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("id", requireText(data, "id"));
    metadata.put("identifier", identifier);
    metadata.put("action", action);
    if (data.path("priority").isIntegralNumber()) {
      metadata.put("priority", data.path("priority").asInt());
    }
    text(data.path("state"), "name").ifPresent(state -> metadata.put("state", state));
    text(data.path("state"), "type").ifPresent(type -> metadata.put("stateType", type));
    text(data, "url").ifPresent(url -> metadata.put("url", url));
    text(data, "parentId").ifPresent(parent -> metadata.put("parentId", parent));

    return event(context, "issue", sourceId,
        "[Linear Issue " + label(action) + "] " + identifier + " " + text(data, "title").orElse(""),
        text(data, "description").orElse(""),
        text(data, "creatorId").map(id -> SourceActor.of(id, id)).orElse(LINEAR),
        occurredAt(action, data), references, metadata);
  }

  /**
   * The issue's identifier, such as {@code ENG-123}; from its team's key and its number where a
   * delivery leaves {@code identifier} out, as deliveries did before Linear added it.
   */
  private static String identifier(JsonNode issue) {
    return text(issue, "identifier")
        .or(() -> text(issue.path("team"), "key").filter(key -> issue.path("number").isIntegralNumber())
            .map(key -> key + "-" + issue.path("number").asLong()))
        .orElseGet(() -> requireText(issue, "identifier"));
  }

  /** A comment; Linear's comment webhook carries the comment's URL only in its envelope ({@code envelopeUrl}), a list node in itself. */
  static SourceEvent comment(String action, JsonNode data, Optional<String> envelopeUrl, TransformContext context) {
    String id = requireText(data, "id");
    String sourceId = "linear-comment:" + id + ":" + action;
    Optional<String> issue = text(data.path("issue"), "identifier");
    List<SourceReference> references = new ArrayList<>();
    issue.ifPresent(identifier -> references.add(SourceReference.of(SourceReference.ISSUE, identifier)));
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("id", id);
    metadata.put("action", action);
    text(data, "url").or(() -> envelopeUrl).ifPresent(url -> metadata.put("url", url));
    SourceActor actor = text(data, "userId").or(() -> text(data.path("user"), "id"))
        .map(user -> SourceActor.of(user, text(data.path("user"), "name").orElse(user)))
        .orElse(LINEAR);
    return event(context, "comment", sourceId,
        "[Linear Comment " + label(action) + "] on " + issue.orElse(text(data, "issueId").orElse("an issue")),
        text(data, "body").orElse(""), actor, occurredAt(action, data), references, metadata);
  }

  static SourceEvent project(String action, JsonNode data, TransformContext context) {
    String id = requireText(data, "id");
    String sourceId = "linear-project:" + id + ":" + action;
    List<SourceReference> references = new ArrayList<>();
    for (JsonNode team : data.path("teamIds")) {
      references.add(SourceReference.of("team", team.asText()));
    }
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("id", id);
    metadata.put("action", action);
    text(data.path("status"), "type").or(() -> text(data, "state")).ifPresent(state -> metadata.put("state", state));
    text(data, "url").ifPresent(url -> metadata.put("url", url));
    return event(context, "project", sourceId, "[Linear Project " + label(action) + "] " + requireText(data, "name"),
        text(data, "description").orElse(""), LINEAR, occurredAt(action, data), references, metadata);
  }

  static SourceEvent cycle(String action, JsonNode data, TransformContext context) {
    String id = requireText(data, "id");
    String sourceId = "linear-cycle:" + id + ":" + action;
    List<SourceReference> references = new ArrayList<>();
    text(data, "teamId").ifPresent(team -> references.add(SourceReference.of("team", team)));
    String number = data.path("number").isIntegralNumber() ? Long.toString(data.path("number").asLong()) : "";
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("id", id);
    metadata.put("action", action);
    text(data, "startsAt").ifPresent(at -> metadata.put("startsAt", at));
    text(data, "endsAt").ifPresent(at -> metadata.put("endsAt", at));
    return event(context, "cycle", sourceId,
        "[Linear Cycle " + label(action) + "] Cycle " + number + text(data, "name").map(name -> ": " + name).orElse(""),
        text(data, "description").orElse(""), LINEAR, occurredAt(action, data), references, metadata);
  }

  static SourceEvent projectUpdate(String action, JsonNode data, TransformContext context) {
    String id = requireText(data, "id");
    String sourceId = "linear-project-update:" + id + ":" + action;
    List<SourceReference> references = new ArrayList<>();
    text(data.path("project"), "name").or(() -> text(data, "projectId"))
        .ifPresent(project -> references.add(SourceReference.of(SourceReference.PROJECT, project)));
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("id", id);
    metadata.put("action", action);
    text(data, "health").ifPresent(health -> metadata.put("health", health));
    text(data, "url").ifPresent(url -> metadata.put("url", url));
    SourceActor actor = text(data, "userId").map(user -> SourceActor.of(user, text(data.path("user"), "name").orElse(user))).orElse(LINEAR);
    return event(context, "project_update", sourceId,
        "[Linear Project Update " + label(action) + "] " + text(data.path("project"), "name").orElse(id)
            + text(data, "health").map(health -> ": " + health).orElse(""),
        text(data, "body").orElse(""), actor, occurredAt(action, data), references, metadata);
  }

  /** {@code createdAt} for a create, {@code archivedAt} (or {@code updatedAt}) for a remove, {@code updatedAt} otherwise. */
  private static Instant occurredAt(String action, JsonNode data) {
    switch (action) {
      case "create":
        return requireInstant(data, "createdAt");
      case "remove":
        return instant(data, "archivedAt").orElseGet(() -> requireInstant(data, "updatedAt"));
      default:
        return requireInstant(data, "updatedAt");
    }
  }

  private static SourceEvent event(TransformContext context, String sourceType, String sourceId, String title, String body,
      SourceActor actor, Instant occurredAt, List<SourceReference> references, ObjectNode metadata) {
    return context.event(SOURCE, sourceType, sourceId)
        .title(title)
        .body(body)
        .actor(actor)
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  private static String label(String action) {
    if (action.isEmpty()) {
      throw new InvalidPayloadException("field 'action' is empty");
    }
    return action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1) + (action.endsWith("e") ? "d" : "ed");
  }
}
