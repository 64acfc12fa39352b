package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** The state of one release, as a list item of {@code GET /repos/{owner}/{repo}/releases} and as its {@code release} webhook. */
@Value.Immutable(prehash = true)
public abstract class GitHubRelease {
  GitHubRelease() {}

  /** The release's id. */
  public abstract long id();

  /** The release's tag. */
  public abstract String tagName();

  /** The release's name; may be empty. */
  public abstract String name();

  /** The release notes; may be empty. */
  public abstract String body();

  /** Who made the release. */
  public abstract GitHubUser author();

  /** Whether it is marked as a pre-release. */
  public abstract boolean prerelease();

  /** When the release was created. */
  public abstract Instant createdAt();

  /** When it was published; absent for a draft. */
  public abstract Optional<Instant> publishedAt();

  /** The branch or commit the tag points at. */
  public abstract String targetCommitish();

  /** Starts a release. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GitHubRelease}. */
  public static final class Builder extends ImmutableGitHubRelease.Builder {}

  /** Whether the release is a draft: not published. */
  public boolean draft() {
    return publishedAt().isEmpty();
  }

  /** The sourceId of this release's events in {@code repository}. */
  public String sourceId(String repository) {
    return "release:" + repository + ":" + tagName();
  }

  /** The item of {@code GET /repos/{owner}/{repo}/releases}. */
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
