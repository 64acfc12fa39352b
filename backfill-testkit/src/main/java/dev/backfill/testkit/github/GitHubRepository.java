package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.immutables.value.Value;

/** A repository of the fake, rendered as the REST API and webhooks render it. */
@Value.Immutable
public abstract class GitHubRepository {
  GitHubRepository() {}

  /** The repository's {@code owner/name}. */
  @Value.Parameter
  public abstract String fullName();

  /** The repository's id. */
  @Value.Parameter
  public abstract long id();

  /** When the repository was last pushed to. */
  @Value.Parameter
  public abstract Instant pushedAt();

  /** The repository {@code fullName} with id {@code id}, last pushed at {@code pushedAt}. */
  public static GitHubRepository of(String fullName, long id, Instant pushedAt) {
    return ImmutableGitHubRepository.of(fullName, id, pushedAt);
  }

  /** The owner part of the full name. */
  public String owner() {
    return fullName().substring(0, fullName().indexOf('/'));
  }

  /** The name part of the full name. */
  public String name() {
    return fullName().substring(fullName().indexOf('/') + 1);
  }

  /** The repository as GitHub's API renders it. */
  public ObjectNode toJson() {
    ObjectNode repo = JsonNodeFactory.instance.objectNode();
    repo.put("id", id());
    repo.put("node_id", "R_" + id());
    repo.put("name", name());
    repo.put("full_name", fullName());
    repo.put("private", false);
    repo.set("owner", GitHubUser.of(owner(), id() + 1_000_000).toJson());
    repo.put("html_url", "https://github.example.test/" + fullName());
    repo.put("archived", false);
    repo.put("default_branch", "main");
    repo.put("pushed_at", pushedAt().toString());
    repo.put("updated_at", pushedAt().toString());
    return repo;
  }
}
