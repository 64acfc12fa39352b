package dev.backfill.testkit.sentry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** The state of one Sentry issue, rendered as an item of the project issues list and as its {@code issue} webhook. */
@Value.Immutable(prehash = true)
public abstract class SentryIssue {
  SentryIssue() {}

  /** The issue's id. */
  public abstract String id();

  /** The issue's short id, such as {@code WEB-3F}. */
  public abstract String shortId();

  /** The issue's title. */
  public abstract String title();

  /** Where the error happened. */
  public abstract String culprit();

  /** The level, such as {@code error}. */
  public abstract String level();

  /** {@code unresolved}, {@code resolved} or {@code ignored}. */
  public abstract String status();

  /** When it was first seen. */
  public abstract Instant firstSeen();

  /** When it was last seen. */
  public abstract Instant lastSeen();

  /** How many events it grouped. */
  public abstract long count();

  /** How many users it affected. */
  public abstract long userCount();

  /** The project's id. */
  public abstract String projectId();

  /** The project's slug. */
  public abstract String projectSlug();

  /** The assignee's email, when assigned. */
  public abstract Optional<String> assignee();

  /** The release it was last seen in, if any. */
  public abstract Optional<String> lastRelease();

  /** Starts an issue. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SentryIssue}. */
  public static final class Builder extends ImmutableSentryIssue.Builder {}

  /** The action the contract infers from the status: created, resolved or ignored. */
  public String inferredAction() {
    return "unresolved".equals(status()) ? "created" : status();
  }

  /** The sourceId of this state's event. */
  public String sourceId() {
    return "sentry-issue:" + id() + ":" + inferredAction();
  }

  /** The issue's page. */
  public String permalink() {
    return "https://acme.sentry.example.test/issues/" + id() + "/";
  }

  /** The item of {@code GET /api/0/projects/{org}/{project}/issues/}. */
  public ObjectNode toListItem() {
    ObjectNode issue = JsonNodeFactory.instance.objectNode();
    issue.put("id", id());
    issue.put("shortId", shortId());
    issue.put("title", title());
    issue.put("culprit", culprit());
    issue.put("permalink", permalink());
    issue.put("level", level());
    issue.put("status", status());
    issue.put("substatus", "unresolved".equals(status()) ? "ongoing" : "resolved".equals(status()) ? null : "archived_until_escalating");
    issue.putObject("statusDetails");
    issue.put("isUnhandled", "error".equals(level()));
    issue.put("firstSeen", firstSeen().toString());
    issue.put("lastSeen", lastSeen().toString());
    issue.put("count", Long.toString(count()));
    issue.put("userCount", userCount());
    issue.putObject("project").put("id", projectId()).put("name", projectSlug()).put("slug", projectSlug());
    issue.putObject("metadata").put("type", title().contains(":") ? title().substring(0, title().indexOf(':')) : title())
        .put("value", title());
    issue.put("type", "error");
    issue.put("issueType", "error");
    issue.put("issueCategory", "error");
    if (assignee().isPresent()) {
      issue.putObject("assignedTo").put("type", "user").put("id", "u-" + Math.abs(assignee().get().hashCode()))
          .put("name", assignee().get().substring(0, assignee().get().indexOf('@'))).put("email", assignee().get());
    } else {
      issue.putNull("assignedTo");
    }
    if (lastRelease().isPresent()) {
      issue.putObject("lastRelease").put("version", lastRelease().get());
    }
    issue.put("platform", "javascript");
    issue.put("numComments", 0);
    return issue;
  }

  /**
   * The {@code issue} webhook that produced this state; an ignored issue may arrive as {@code
   * archived}, Sentry's newer name. As Sentry sends it, the issue's {@code permalink} is null and
   * its page is in {@code web_url}, beside the API's {@code url} and the project's {@code project_url}.
   */
  public ObjectNode toWebhook(boolean archivedName) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    String action = "ignored".equals(status()) && archivedName ? "archived" : inferredAction();
    payload.put("action", action);
    payload.putObject("installation").put("uuid", "7a485448-a9e2-4c85-8a3c-4f44175783c9");
    ObjectNode issue = toListItem();
    issue.putNull("permalink");
    issue.put("url", "https://acme.sentry.example.test/api/0/organizations/acme/issues/" + id() + "/");
    issue.put("web_url", permalink());
    issue.put("project_url", "https://acme.sentry.example.test/organizations/acme/projects/" + projectSlug() + "/");
    payload.putObject("data").set("issue", issue);
    payload.putObject("actor").put("type", "user").put("id", 789).put("name", "Ada");
    return payload;
  }
}
