package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The state of one pull request, rendered in each shape GitHub uses for it: the list item
 * ("pull request simple", without {@code merged}, {@code additions}, ...), the single-PR detail,
 * and the {@code pull_request} webhook that produced the state.
 */
@Value.Immutable(prehash = true)
public abstract class GitHubPullRequest {
  /** Open, closed without merging, or merged. */
  public enum State {
    /** Open. */
    OPEN,
    /** Closed without merging. */
    CLOSED,
    /** Merged. */
    MERGED
  }

  GitHubPullRequest() {}

  /** The pull request's number. */
  public abstract long number();

  /** The pull request's title. */
  public abstract String title();

  /** The pull request's description. */
  public abstract String body();

  /** Who opened it. */
  public abstract GitHubUser author();

  /** Whether it is open, closed or merged. */
  public abstract State state();

  /** Whether it is a draft. */
  public abstract boolean draft();

  /** When it was opened. */
  public abstract Instant createdAt();

  /** When it was closed or merged; absent while open. */
  public abstract Optional<Instant> closedAt();

  /** When it reached this state. */
  public abstract Instant updatedAt();

  /** The branch it merges from. */
  public abstract String headRef();

  /** The commit at the head of that branch. */
  public abstract String headSha();

  /** The branch it merges into. */
  public abstract String baseRef();

  /** The names of its labels. */
  public abstract List<String> labels();

  /** The users assigned to it. */
  public abstract List<GitHubUser> assignees();

  /** The users asked to review it. */
  public abstract List<GitHubUser> requestedReviewers();

  /** Lines added. */
  public abstract int additions();

  /** Lines deleted. */
  public abstract int deletions();

  /** Files changed. */
  public abstract int changedFiles();

  /** Commits in it. */
  public abstract int commits();

  /** Starts a pull request. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GitHubPullRequest}. */
  public static final class Builder extends ImmutableGitHubPullRequest.Builder {}

  /** The action the contract infers from this state: {@code opened}, {@code closed} or {@code merged}. */
  public String inferredAction() {
    return state() == State.OPEN ? "opened" : state() == State.MERGED ? "merged" : "closed";
  }

  /** The sourceId of this state's event in {@code repository}. */
  public String sourceId(String repository) {
    return "pr:" + repository + "#" + number() + ":" + inferredAction();
  }

  /** The sha of the merge commit, derived from the number. */
  public String mergeCommitSha() {
    return String.format("%040d", number() * 7919L + 11);
  }

  /** The item of {@code GET /repos/{owner}/{repo}/pulls}. */
  public ObjectNode toListItem(GitHubRepository repository) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode pr = json.objectNode();
    String htmlUrl = "https://github.example.test/" + repository.fullName() + "/pull/" + number();
    pr.put("url", "https://api.example.test/repos/" + repository.fullName() + "/pulls/" + number());
    pr.put("id", repository.id() * 100_000 + number());
    pr.put("node_id", "PR_" + number());
    pr.put("html_url", htmlUrl);
    pr.put("number", number());
    pr.put("state", state() == State.OPEN ? "open" : "closed");
    pr.put("locked", false);
    pr.put("title", title());
    pr.set("user", author().toJson());
    pr.put("body", body());
    pr.set("labels", labels(labels()));
    pr.putNull("milestone");
    pr.put("created_at", createdAt().toString());
    pr.put("updated_at", updatedAt().toString());
    putInstant(pr, "closed_at", closedAt());
    putInstant(pr, "merged_at", state() == State.MERGED ? closedAt() : Optional.empty());
    if (state() == State.MERGED) {
      pr.put("merge_commit_sha", mergeCommitSha());
    } else {
      pr.putNull("merge_commit_sha");
    }
    if (assignees().isEmpty()) {
      pr.putNull("assignee");
    } else {
      pr.set("assignee", assignees().get(0).toJson());
    }
    pr.set("assignees", users(assignees()));
    pr.set("requested_reviewers", users(requestedReviewers()));
    pr.putArray("requested_teams");
    pr.set("head", branch(repository, headRef(), headSha()));
    pr.set("base", branch(repository, baseRef(), "b".repeat(40)));
    pr.put("author_association", "MEMBER");
    pr.put("draft", draft());
    pr.putNull("auto_merge");
    return pr;
  }

  /** The body of {@code GET /repos/{owner}/{repo}/pulls/{number}}. */
  public ObjectNode toDetail(GitHubRepository repository) {
    ObjectNode pr = toListItem(repository);
    pr.put("merged", state() == State.MERGED);
    pr.put("mergeable", state() == State.OPEN ? Boolean.TRUE : null);
    pr.put("mergeable_state", state() == State.OPEN ? "clean" : "unknown");
    if (state() == State.MERGED) {
      pr.set("merged_by", author().toJson());
    } else {
      pr.putNull("merged_by");
    }
    pr.put("comments", 2);
    pr.put("review_comments", 1);
    pr.put("commits", commits());
    pr.put("additions", additions());
    pr.put("deletions", deletions());
    pr.put("changed_files", changedFiles());
    return pr;
  }

  /**
   * The {@code pull_request} webhook delivered when the PR reached this state: {@code opened}, or
   * {@code closed} (with {@code merged: true} for a merge), sent by {@code sender}.
   */
  public ObjectNode toWebhook(GitHubRepository repository, GitHubUser sender, long installationId) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("action", state() == State.OPEN ? "opened" : "closed");
    payload.put("number", number());
    payload.set("pull_request", toDetail(repository));
    payload.set("repository", repository.toJson());
    payload.set("sender", sender.toJson());
    payload.putObject("installation").put("id", installationId);
    return payload;
  }

  private ObjectNode branch(GitHubRepository repository, String ref, String sha) {
    ObjectNode branch = JsonNodeFactory.instance.objectNode();
    branch.put("label", repository.owner() + ":" + ref);
    branch.put("ref", ref);
    branch.put("sha", sha);
    branch.set("user", GitHubUser.of(repository.owner(), repository.id() + 1_000_000).toJson());
    branch.set("repo", repository.toJson());
    return branch;
  }

  static ArrayNode labels(List<String> names) {
    ArrayNode labels = JsonNodeFactory.instance.arrayNode();
    for (String name : names) {
      labels.addObject().put("id", Math.abs((long) name.hashCode())).put("name", name).put("color", "ededed").put("default", false);
    }
    return labels;
  }

  static ArrayNode users(List<GitHubUser> users) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    users.forEach(user -> array.add(user.toJson()));
    return array;
  }

  static void putInstant(ObjectNode node, String field, Optional<Instant> value) {
    if (value.isPresent()) {
      node.put(field, value.get().toString());
    } else {
      node.putNull(field);
    }
  }

  @Value.Check
  void check() {
    if ((state() == State.OPEN) == closedAt().isPresent()) {
      throw new IllegalStateException("a pull request has closedAt exactly when it is closed or merged");
    }
  }
}
