package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immutables.value.Value;

/** A GitHub account as the fakes render it in {@code user}, {@code sender} and {@code author} objects. */
@Value.Immutable
public abstract class GitHubUser {
  GitHubUser() {}

  /** The user's login. */
  @Value.Parameter
  public abstract String login();

  /** The user's id. */
  @Value.Parameter
  public abstract long id();

  /** The user {@code login} with id {@code id}. */
  public static GitHubUser of(String login, long id) {
    return ImmutableGitHubUser.of(login, id);
  }

  /** The user object of the REST API. */
  public ObjectNode toJson() {
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    user.put("login", login());
    user.put("id", id());
    user.put("node_id", "U_" + id());
    user.put("avatar_url", "https://avatars.example.test/u/" + id());
    user.put("html_url", "https://github.example.test/" + login());
    user.put("type", "User");
    user.put("site_admin", false);
    return user;
  }
}
