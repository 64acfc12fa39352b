package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** The state of one release, as a list item of {@code GET /repos/{owner}/{repo}/releases} and as its {@code release} webhook. */
@Value.Immutable
public abstract class GitHubRelease {
  GitHubRelease() {}

  public abstract long id();

  public abstract String tagName();

  public abstract String name();

  public abstract String body();

  public abstract GitHubUser author();

  public abstract boolean prerelease();

  public abstract Instant createdAt();

  /** When it was published; absent for a draft. */
  public abstract Optional<Instant> publishedAt();

  public abstract String targetCommitish();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GitHubRelease}. */
  public static final class Builder extends ImmutableGitHubRelease.Builder {}

  public boolean draft() {
    return publishedAt().isEmpty();
  }

  public String sourceId(String repository) {
    return "release:" + repository + ":" + tagName();
  }

  public ObjectNode toListItem(GitHubRepository repository) {
    ObjectNode release = JsonNodeFactory.instance.objectNode();
    release.put("url", "https://api.example.test/repos/" + repository.fullName() + "/releases/" + id());
    release.put("html_url", "https://github.example.test/" + repository.fullName() + "/releases/tag/" + tagName());
    release.put("id", id());
    release.set("author", author().toJson());
    release.put("node_id", "RE_" + id());
    release.put("tag_name", tagName());
    release.put("target_commitish", targetCommitish());
    release.put("name", name());
    release.put("draft", draft());
    release.put("prerelease", prerelease());
    release.put("created_at", createdAt().toString());
    GitHubPullRequest.putInstant(release, "published_at", publishedAt());
    release.putArray("assets");
    release.put("body", body());
    return release;
  }

  /** The {@code release} webhook with action {@code published}. */
  public ObjectNode toWebhook(GitHubRepository repository, GitHubUser sender, long installationId) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("action", "published");
    payload.set("release", toListItem(repository));
    payload.set("repository", repository.toJson());
    payload.set("sender", sender.toJson());
    payload.putObject("installation").put("id", installationId);
    return payload;
  }
}
