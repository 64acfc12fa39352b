package dev.backfill.sentry.internal;

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
 * The only code that builds Sentry {@link SourceEvent}s, from integration-platform webhooks (the
 * {@code Sentry-Hook-Resource} names the kind) and from the envelopes the list adapter builds.
 *
 * <p>Issue actions {@code archived} and {@code ignored} are one action, {@code ignored}, since
 * Sentry names the same state both ways. An issue's page is its {@code permalink}, which list items
 * carry and webhooks leave null; webhooks carry the same page as {@code web_url}. Issue events are
 * attributed to Sentry itself: the list API says nothing of who changed an issue, so both paths use
 * the same system actor.
 */
public final class SentryTransformer {
  public static final String SOURCE = "sentry";

  /** The actor of issue events on both paths. */
  public static final SourceActor SENTRY = SourceActor.of("sentry", "Sentry");

  private SentryTransformer() {}

  /**
   * The event of a delivery, or empty for a resource this connector does not handle.
   *
   * @param resource the {@code Sentry-Hook-Resource} header: {@code issue}, {@code error}, {@code
   *     event_alert} or {@code metric_alert}
   */
  public static Optional<SourceEvent> transform(String resource, JsonNode payload, TransformContext context) {
    switch (resource) {
      case "issue":
        return Optional.of(issue(payload, context));
      case "error":
        return Optional.of(error(payload, context));
      case "event_alert":
        return Optional.of(eventAlert(payload, context));
      case "metric_alert":
        return Optional.of(metricAlert(payload, context));
      default:
        return Optional.empty();
    }
  }

  /** {@code archived} is Sentry's newer name for {@code ignored}. */
  public static String issueAction(String action) {
    return "archived".equals(action) ? "ignored" : action;
  }

  static SourceEvent issue(JsonNode payload, TransformContext context) {
    String action = issueAction(requireText(payload, "action"));
    JsonNode issue = requireObject(requireObject(payload, "data"), "issue");
    String id = requireText(issue, "id");
    String sourceId = "sentry-issue:" + id + ":" + action;
    Instant occurredAt = "created".equals(action) ? requireInstant(issue, "firstSeen") : requireInstant(issue, "lastSeen");
    String title = requireText(issue, "title");
    Optional<String> shortId = text(issue, "shortId");

    List<SourceReference> references = new ArrayList<>();
    JsonNode project = issue.path("project");
    text(project, "slug").ifPresent(slug -> references.add(SourceReference.of(SourceReference.PROJECT, slug)));
    references.add(SourceReference.of(SourceReference.ISSUE, shortId.orElse(id),
        text(issue, "permalink").or(() -> text(issue, "web_url")).orElse(null)));
    text(issue, "culprit").filter(culprit -> !culprit.isBlank()).ifPresent(culprit -> references.add(SourceReference.of("culprit", culprit)));
    JsonNode assignee = issue.path("assignedTo");
    if (assignee.isObject()) {
      text(assignee, "email").or(() -> text(assignee, "name"))
          .ifPresent(who -> references.add(SourceReference.of(SourceReference.ASSIGNEE, who)));
    }
    text(issue.path("lastRelease"), "version").or(() -> text(issue.path("firstRelease"), "version"))
        .ifPresent(version -> references.add(SourceReference.of(SourceReference.RELEASE, version)));

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("issueId", id);
    shortId.ifPresent(value -> metadata.put("shortId", value));
    metadata.put("action", action);
    text(issue, "status").ifPresent(value -> metadata.put("status", value));
    text(issue, "substatus").ifPresent(value -> metadata.put("substatus", value));
    text(issue, "level").ifPresent(value -> metadata.put("level", value));
    text(issue, "platform").ifPresent(value -> metadata.put("platform", value));
    text(issue, "count").ifPresent(value -> metadata.put("count", value));
    if (issue.path("userCount").isIntegralNumber()) {
      metadata.put("userCount", issue.path("userCount").asLong());
    }
    text(issue, "firstSeen").ifPresent(value -> metadata.put("firstSeen", value));
    text(issue, "lastSeen").ifPresent(value -> metadata.put("lastSeen", value));
    text(project, "slug").ifPresent(value -> metadata.put("project", value));

    return context.event(SOURCE, "issue", sourceId)
        .title("[Sentry Issue " + label(action) + "] " + title + shortId.map(value -> " (" + value + ")").orElse(""))
        .body(text(issue, "culprit").orElse(""))
        .actor(SENTRY)
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  static SourceEvent error(JsonNode payload, TransformContext context) {
    JsonNode error = requireObject(requireObject(payload, "data"), "error");
    String eventId = requireText(error, "event_id");
    String sourceId = "sentry-error:" + eventId;
    List<SourceReference> references = new ArrayList<>();
    text(error, "web_url").ifPresent(url -> references.add(SourceReference.of("event", eventId, url)));
    text(error, "culprit").filter(culprit -> !culprit.isBlank()).ifPresent(culprit -> references.add(SourceReference.of("culprit", culprit)));
    text(error, "release").ifPresent(release -> references.add(SourceReference.of(SourceReference.RELEASE, release)));
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    text(error, "level").ifPresent(value -> metadata.put("level", value));
    text(error, "issue_id").ifPresent(value -> metadata.put("issueId", value));
    text(error, "platform").ifPresent(value -> metadata.put("platform", value));
    return context.event(SOURCE, "error", sourceId)
        .title("[Sentry Error] " + text(error, "title").orElse(eventId))
        .body(text(error, "culprit").orElse(""))
        .actor(actor(payload))
        .occurredAt(instant(error, "datetime").orElse(context.receivedAt()))
        .references(references)
        .metadata(metadata)
        .build();
  }

  static SourceEvent eventAlert(JsonNode payload, TransformContext context) {
    JsonNode data = requireObject(payload, "data");
    JsonNode event = requireObject(data, "event");
    String eventId = requireText(event, "event_id");
    String rule = requireText(data, "triggered_rule");
    String sourceId = "sentry-event-alert:" + eventId + ":" + rule;
    List<SourceReference> references = new ArrayList<>();
    text(event, "web_url").ifPresent(url -> references.add(SourceReference.of("event", eventId, url)));
    text(event, "issue_id").ifPresent(issue -> references.add(SourceReference.of(SourceReference.ISSUE, issue)));
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("rule", rule);
    text(event, "level").ifPresent(value -> metadata.put("level", value));
    return context.event(SOURCE, "event_alert", sourceId)
        .title("[Sentry Alert] " + rule + ": " + text(event, "title").orElse(eventId))
        .body(text(event, "culprit").orElse(""))
        .actor(actor(payload))
        .occurredAt(instant(event, "datetime").orElse(context.receivedAt()))
        .references(references)
        .metadata(metadata)
        .build();
  }

  static SourceEvent metricAlert(JsonNode payload, TransformContext context) {
    String action = requireText(payload, "action");
    JsonNode data = requireObject(payload, "data");
    JsonNode alert = requireObject(data, "metric_alert");
    String id = alert.path("id").isIntegralNumber() ? Long.toString(alert.path("id").asLong()) : requireText(alert, "id");
    String sourceId = "sentry-metric-alert:" + id + ":" + action;
    List<SourceReference> references = new ArrayList<>();
    text(data, "web_url").ifPresent(url -> references.add(SourceReference.of("alert", id, url)));
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("action", action);
    text(alert.path("alert_rule"), "name").ifPresent(name -> metadata.put("rule", name));
    Instant occurredAt = instant(alert, "date_started").orElse(context.receivedAt());
    if ("resolved".equals(action)) {
      occurredAt = instant(alert, "date_closed").orElse(occurredAt);
    }
    return context.event(SOURCE, "metric_alert", sourceId)
        .title("[Sentry Metric Alert " + label(action) + "] " + text(data, "description_title").orElse(id))
        .body(text(data, "description_text").orElse(""))
        .actor(actor(payload))
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  /** The delivery's {@code actor} when it names one, else Sentry. */
  private static SourceActor actor(JsonNode payload) {
    JsonNode actor = payload.path("actor");
    Optional<String> id = actor.path("id").isValueNode() && !actor.path("id").isNull() ? Optional.of(actor.path("id").asText()) : Optional.empty();
    return id.map(value -> SourceActor.of(value, text(actor, "name").orElse(value))).orElse(SENTRY);
  }

  private static String label(String action) {
    if (action.isEmpty()) {
      throw new InvalidPayloadException("field 'action' is empty");
    }
    return action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
  }
}
