package dev.backfill.github.internal;

import static dev.backfill.core.spi.Payloads.requireObject;
import static dev.backfill.core.spi.Payloads.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.error.InvalidPayloadException;
import java.util.Optional;

/**
 * Wraps a list-API item into the webhook envelope of the action its state implies (the contract's
 * inference table), so the webhook transformer can turn it into the same event. Items whose action
 * cannot be inferred raise {@link InvalidPayloadException}; nothing is guessed. An envelope shares
 * the item's nodes rather than copying them; neither is changed afterwards.
 */
public final class GitHubListAdapters {
  private GitHubListAdapters() {}

  /** A minimal {@code repository} object of an envelope. */
  public static ObjectNode repository(String fullName) {
    return JsonNodeFactory.instance.objectNode().put("full_name", fullName);
  }

  /**
   * A {@code pull_request} webhook envelope: {@code opened} for an open PR, {@code closed} for a
   * closed or merged one; the transformer reads a merge from {@code merged_at}, which list items
   * carry, as the webhook's {@code merged: true}.
   */
  public static ObjectNode pullRequest(JsonNode item, ObjectNode repository) {
    String state = requireText(item, "state");
    String action;
    if ("open".equals(state)) {
      action = "opened";
    } else if ("closed".equals(state)) {
      action = "closed";
    } else {
      throw new InvalidPayloadException("cannot infer the action of a pull request in state '" + state + "'");
    }
    return envelope(action, repository, requireObject(item, "user")).set("pull_request", requireObject(item));
  }

  /** An {@code issues} webhook envelope: {@code opened} or {@code closed} after the issue's state. */
  public static ObjectNode issue(JsonNode item, ObjectNode repository) {
    String state = requireText(item, "state");
    String action;
    if ("open".equals(state)) {
      action = "opened";
    } else if ("closed".equals(state)) {
      action = "closed";
    } else {
      throw new InvalidPayloadException("cannot infer the action of an issue in state '" + state + "'");
    }
    return envelope(action, repository, requireObject(item, "user")).set("issue", requireObject(item));
  }

  /** A {@code release} webhook envelope with action {@code published}; empty for a draft. */
  public static Optional<ObjectNode> release(JsonNode item, ObjectNode repository) {
    if (item.path("draft").asBoolean(false)) {
      return Optional.empty();
    }
    return Optional.of(envelope("published", repository, requireObject(item, "author")).set("release", requireObject(item)));
  }

  private static ObjectNode envelope(String action, ObjectNode repository, JsonNode sender) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("action", action);
    envelope.set("repository", repository);
    envelope.set("sender", sender);
    return envelope;
  }
}
