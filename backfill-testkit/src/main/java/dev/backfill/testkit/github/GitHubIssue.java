package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The state of one issue, as a list item of {@code GET /repos/{owner}/{repo}/issues} and as its {@code issues} webhook. */
@Value.Immutable(prehash = true)
public abstract class GitHubIssue {
  GitHubIssue() {}

  /** The issue's number. */
  public abstract long number();

  /** The issue's title. */
  public abstract String title();

  /** The issue's description. */
  public abstract String body();

  /** Who opened it. */
  public abstract GitHubUser author();

  /** When it was closed; absent while open. */
  public abstract Optional<Instant> closedAt();

  /** When it was opened. */
  public abstract Instant createdAt();

  /** When it reached this state. */
  public abstract Instant updatedAt();

  /** The names of its labels. */
  public abstract List<String> labels();

  /** The users assigned to it. */
  public abstract List<GitHubUser> assignees();

  /** How many comments it has. */
  public abstract int comments();

  /** Starts an issue. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GitHubIssue}. */
  public static final class Builder extends ImmutableGitHubIssue.Builder {}

  /** Whether the issue is open. */
  public boolean open() {
    return closedAt().isEmpty();
  }

  /** The webhook action that led to this state: {@code opened} or {@code closed}. */
  public String inferredAction() {
    return open() ? "opened" : "closed";
  }

  /** The sourceId of this state's event in {@code repository}. */
  public String sourceId(String repository) {
    return "issue:" + repository + "#" + number() + ":" + inferredAction();
  }

  /** The item of {@code GET /repos/{owner}/{repo}/issues}. */
  public ObjectNode toListItem(GitHubRepository repository) {
    ObjectNode issue = JsonNodeFactory.instance.objectNode();
    issue.put("url", "https://api.example.test/repos/" + repository.fullName() + "/issues/" + number());
    issue.put("id", repository.id() * 100_000 + 50_000 + number());
    issue.put("node_id", "I_" + number());
    issue.put("number", number());
    issue.put("title", title());
    issue.set("user", author().toJson());
    issue.set("labels", GitHubPullRequest.labels(labels()));
    issue.put("state", open() ? "open" : "closed");
    if (open()) {
      issue.putNull("state_reason");
    } else {
      issue.put("state_reason", "completed");
    }
    issue.put("locked", false);
    if (assignees().isEmpty()) {
      issue.putNull("assignee");
    } else {
      issue.set("assignee", assignees().get(0).toJson());
    }
    issue.set("assignees", GitHubPullRequest.users(assignees()));
    issue.putNull("milestone");
    issue.put("comments", comments());
    issue.put("created_at", createdAt().toString());
    issue.put("updated_at", updatedAt().toString());
    GitHubPullRequest.putInstant(issue, "closed_at", closedAt());
    issue.put("author_association", "CONTRIBUTOR");
    issue.put("body", body());
    issue.put("html_url", "https://github.example.test/" + repository.fullName() + "/issues/" + number());
    return issue;
  }

  /** The {@code issues} webhook delivery of this state, as {@code sender} caused it. */
  public ObjectNode toWebhook(GitHubRepository repository, GitHubUser sender, long installationId) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("action", inferredAction());
    payload.set("issue", toListItem(repository));
    payload.set("repository", repository.toJson());
    payload.set("sender", sender.toJson());
    payload.putObject("installation").put("id", installationId);
    return payload;
  }

  @Value.Check
  void check() {
    if (updatedAt().isBefore(createdAt())) {
      throw new IllegalStateException("an issue cannot be updated before it was created");
    }
  }
}
