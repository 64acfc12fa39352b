package dev.backfill.github.internal;

import static dev.backfill.core.spi.Payloads.instant;
import static dev.backfill.core.spi.Payloads.requireInstant;
import static dev.backfill.core.spi.Payloads.requireLong;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only code that builds GitHub {@link SourceEvent}s: from webhook payloads as GitHub delivers
 * them, and from the envelopes the list adapters wrap list items into. Uses only fields that list
 * items and webhook payloads share for everything but metadata, so both paths agree.
 */
public final class GitHubTransformer {
  public static final String SOURCE = "github";

  private static final Pattern ISSUE_MENTION = Pattern.compile("(?<![\\w/&])#(\\d{1,9})\\b");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final int MAX_COMMIT_REFERENCES = 20;

  private GitHubTransformer() {}

  /**
   * The event of a webhook delivery, or empty for an event type this connector does not handle.
   *
   * @throws InvalidPayloadException when the payload lacks what the event needs
   */
  public static Optional<SourceEvent> transform(String eventName, JsonNode payload, TransformContext context) {
    switch (eventName) {
      case "pull_request":
        return Optional.of(pullRequest(payload, context));
      case "issues":
        return Optional.of(issue(payload, context));
      case "release":
        return Optional.of(release(payload, context));
      case "push":
        return Optional.of(push(payload, context));
      default:
        return Optional.empty();
    }
  }

  static SourceEvent pullRequest(JsonNode payload, TransformContext context) {
    String action = requireText(payload, "action");
    JsonNode pr = requireObject(payload, "pull_request");
    String repo = repositoryName(payload);
    long number = requireLong(pr, "number");
    boolean merged = pr.path("merged").asBoolean(false) || !pr.path("merged_at").isNull() && !pr.path("merged_at").isMissingNode();
    String effective = "closed".equals(action) && merged ? "merged" : action;
    String sourceId = "pr:" + repo + "#" + number + ":" + effective;
    Instant occurredAt;
    switch (effective) {
      case "opened":
        occurredAt = requireInstant(pr, "created_at");
        break;
      case "merged":
        occurredAt = requireInstant(pr, "merged_at");
        break;
      case "closed":
        occurredAt = instant(pr, "closed_at").orElseGet(() -> requireInstant(pr, "updated_at"));
        break;
      default:
        occurredAt = requireInstant(pr, "updated_at");
    }
    List<SourceReference> references = new ArrayList<>();
    JsonNode head = pr.path("head");
    JsonNode base = pr.path("base");
    text(head, "ref").ifPresent(ref -> references.add(SourceReference.of(SourceReference.BRANCH, ref)));
    text(base, "ref").ifPresent(ref -> references.add(SourceReference.of(SourceReference.BRANCH, ref)));
    text(head, "sha").ifPresent(sha -> references.add(SourceReference.of(SourceReference.COMMIT, sha)));
    if (merged) {
      text(pr, "merge_commit_sha").ifPresent(sha -> references.add(SourceReference.of(SourceReference.COMMIT, sha)));
    }
    addMentionedIssues(references, number, text(pr, "title").orElse(""), text(pr, "body").orElse(""));
    addLabelsAndAssignees(references, pr);
    for (JsonNode reviewer : pr.path("requested_reviewers")) {
      text(reviewer, "login").ifPresent(login -> references.add(SourceReference.of(SourceReference.REVIEWER, login)));
    }
    for (JsonNode team : pr.path("requested_teams")) {
      text(team, "slug").ifPresent(slug -> references.add(SourceReference.of(SourceReference.REVIEWER, "team:" + slug)));
    }

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("repository", repo);
    metadata.put("number", number);
    metadata.put("action", effective);
    text(pr, "state").ifPresent(state -> metadata.put("state", state));
    metadata.put("merged", merged);
    metadata.put("draft", pr.path("draft").asBoolean(false));
    text(pr, "html_url").ifPresent(url -> metadata.put("url", url));
    text(pr, "author_association").ifPresent(value -> metadata.put("authorAssociation", value));
    copyIfNumber(pr, "additions", metadata, "additions");
    copyIfNumber(pr, "deletions", metadata, "deletions");
    copyIfNumber(pr, "changed_files", metadata, "changedFiles");
    copyIfNumber(pr, "commits", metadata, "commits");

    return context.event(SOURCE, "pull_request", sourceId)
        .title("[PR " + label(effective) + "] " + text(pr, "title").orElse("") + " (#" + number + ")")
        .body(text(pr, "body").orElse(""))
        .actor(actor(requireObject(pr, "user")))
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  static SourceEvent issue(JsonNode payload, TransformContext context) {
    String action = requireText(payload, "action");
    JsonNode issue = requireObject(payload, "issue");
    String repo = repositoryName(payload);
    long number = requireLong(issue, "number");
    String sourceId = "issue:" + repo + "#" + number + ":" + action;
    Instant occurredAt;
    switch (action) {
      case "opened":
        occurredAt = requireInstant(issue, "created_at");
        break;
      case "closed":
        occurredAt = instant(issue, "closed_at").orElseGet(() -> requireInstant(issue, "updated_at"));
        break;
      default:
        occurredAt = requireInstant(issue, "updated_at");
    }
    List<SourceReference> references = new ArrayList<>();
    addMentionedIssues(references, number, text(issue, "title").orElse(""), text(issue, "body").orElse(""));
    addLabelsAndAssignees(references, issue);

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("repository", repo);
    metadata.put("number", number);
    metadata.put("action", action);
    text(issue, "state").ifPresent(state -> metadata.put("state", state));
    text(issue, "state_reason").ifPresent(reason -> metadata.put("stateReason", reason));
    copyIfNumber(issue, "comments", metadata, "comments");
    text(issue, "html_url").ifPresent(url -> metadata.put("url", url));
    text(issue.path("milestone"), "title").ifPresent(title -> metadata.put("milestone", title));

    return context.event(SOURCE, "issue", sourceId)
        .title("[Issue " + label(action) + "] " + text(issue, "title").orElse("") + " (#" + number + ")")
        .body(text(issue, "body").orElse(""))
        .actor(actor(requireObject(issue, "user")))
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  static SourceEvent release(JsonNode payload, TransformContext context) {
    String action = requireText(payload, "action");
    JsonNode release = requireObject(payload, "release");
    String repo = repositoryName(payload);
    String tag = requireText(release, "tag_name");
    String sourceId = "release:" + repo + ":" + tag;
    Instant occurredAt = instant(release, "published_at").orElseGet(() -> requireInstant(release, "created_at"));
    List<SourceReference> references = new ArrayList<>();
    references.add(SourceReference.of(SourceReference.RELEASE, tag, text(release, "html_url").orElse(null)));
    text(release, "target_commitish").ifPresent(target -> references.add(
        SourceReference.of(SHA.matcher(target).matches() ? SourceReference.COMMIT : SourceReference.BRANCH, target)));
    String name = text(release, "name").filter(value -> !value.isBlank()).orElse(tag);

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("repository", repo);
    metadata.put("tag", tag);
    metadata.put("action", action);
    metadata.put("prerelease", release.path("prerelease").asBoolean(false));
    metadata.put("draft", release.path("draft").asBoolean(false));
    text(release, "html_url").ifPresent(url -> metadata.put("url", url));
    if (release.path("assets").isArray()) {
      metadata.put("assets", release.path("assets").size());
    }

    return context.event(SOURCE, "release", sourceId)
        .title("[Release " + label(action) + "] " + (name.equals(tag) ? tag : name + " (" + tag + ")"))
        .body(text(release, "body").orElse(""))
        .actor(actor(requireObject(release, "author")))
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  static SourceEvent push(JsonNode payload, TransformContext context) {
    String repo = repositoryName(payload);
    String after = requireText(payload, "after");
    String ref = requireText(payload, "ref");
    String sourceId = "push:" + repo + ":" + after;
    boolean tag = ref.startsWith("refs/tags/");
    String refName = tag ? ref.substring("refs/tags/".length())
        : ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    JsonNode commits = payload.path("commits");
    List<SourceReference> references = new ArrayList<>();
    references.add(SourceReference.of(tag ? SourceReference.RELEASE : SourceReference.BRANCH, refName));
    StringBuilder body = new StringBuilder();
    int listed = 0;
    for (JsonNode commit : commits) {
      Optional<String> id = text(commit, "id");
      if (id.isPresent() && listed++ < MAX_COMMIT_REFERENCES) {
        references.add(SourceReference.of(SourceReference.COMMIT, id.get(), text(commit, "url").orElse(null)));
      }
      text(commit, "message").ifPresent(message -> body.append("- ").append(message.lines().findFirst().orElse("")).append('\n'));
    }
    Instant occurredAt = instant(payload.path("head_commit"), "timestamp").orElse(context.receivedAt());
    SourceActor actor = payload.path("sender").isObject()
        ? actor(payload.path("sender"))
        : SourceActor.of(requireText(requireObject(payload, "pusher"), "name"), requireText(payload.path("pusher"), "name"));

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("repository", repo);
    metadata.put("ref", ref);
    text(payload, "before").ifPresent(before -> metadata.put("before", before));
    metadata.put("after", after);
    metadata.put("commits", commits.size());
    metadata.put("forced", payload.path("forced").asBoolean(false));
    metadata.put("created", payload.path("created").asBoolean(false));
    metadata.put("deleted", payload.path("deleted").asBoolean(false));
    text(payload, "compare").ifPresent(url -> metadata.put("compare", url));

    int count = commits.size();
    return context.event(SOURCE, "push", sourceId)
        .title("[Push] " + count + (count == 1 ? " commit to " : " commits to ") + refName)
        .body(body.toString().strip())
        .actor(actor)
        .occurredAt(occurredAt)
        .references(references)
        .metadata(metadata)
        .build();
  }

  private static String repositoryName(JsonNode payload) {
    return requireText(requireObject(payload, "repository"), "full_name");
  }

  private static SourceActor actor(JsonNode user) {
    String login = requireText(user, "login");
    return SourceActor.builder()
        .id(user.path("id").isIntegralNumber() ? Long.toString(user.path("id").asLong()) : login)
        .name(login)
        .avatarUrl(text(user, "avatar_url"))
        .build();
  }

  private static void addMentionedIssues(List<SourceReference> references, long ownNumber, String title, String body) {
    Set<String> seen = new LinkedHashSet<>();
    for (String text : List.of(title, body)) {
      Matcher matcher = ISSUE_MENTION.matcher(text);
      while (matcher.find()) {
        if (Long.parseLong(matcher.group(1)) != ownNumber) {
          seen.add("#" + matcher.group(1));
        }
      }
    }
    seen.forEach(id -> references.add(SourceReference.of(SourceReference.ISSUE, id)));
  }

  private static void addLabelsAndAssignees(List<SourceReference> references, JsonNode entity) {
    for (JsonNode labelNode : entity.path("labels")) {
      text(labelNode, "name").ifPresent(name -> references.add(SourceReference.of(SourceReference.LABEL, name)));
    }
    for (JsonNode assignee : entity.path("assignees")) {
      text(assignee, "login").ifPresent(login -> references.add(SourceReference.of(SourceReference.ASSIGNEE, login)));
    }
  }

  private static void copyIfNumber(JsonNode from, String field, ObjectNode to, String name) {
    JsonNode value = from.path(field);
    if (value.isIntegralNumber()) {
      to.put(name, value.asLong());
    }
  }

  /** {@code ready_for_review} becomes {@code Ready For Review}. */
  static String label(String action) {
    StringBuilder out = new StringBuilder();
    for (String word : action.split("_")) {
      if (word.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
    }
    return out.toString();
  }
}
