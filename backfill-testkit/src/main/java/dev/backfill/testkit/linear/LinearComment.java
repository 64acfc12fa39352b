package dev.backfill.testkit.linear;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.immutables.value.Value;

/** The state of one Linear comment, as a node of the connector's comments query and as a {@code Comment} webhook. */
@Value.Immutable(prehash = true)
public abstract class LinearComment {
  LinearComment() {}

  /** The comment's id. */
  public abstract String id();

  /** The comment's text. */
  public abstract String body();

  /** When the comment was written. */
  public abstract Instant createdAt();

  /** When the comment was last edited. */
  public abstract Instant updatedAt();

  /** The id of its author. */
  public abstract String userId();

  /** The name of its author. */
  public abstract String userName();

  /** The id of the issue it comments on. */
  public abstract String issueId();

  /** The identifier of that issue, such as {@code ENG-42}. */
  public abstract String issueIdentifier();

  /** The id of the issue's team. */
  public abstract String teamId();

  /** Starts a comment. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LinearComment}. */
  public static final class Builder extends ImmutableLinearComment.Builder {}

  /** The comment's link. */
  public String url() {
    return "https://linear.example.test/acme/issue/" + issueIdentifier() + "#comment-" + id();
  }

  /** {@code create} when written within the range starting at {@code since}, {@code update} otherwise. */
  public String inferredAction(Instant since) {
    return createdAt().isBefore(since) ? "update" : "create";
  }

  /** The sourceId a backfill of the range starting at {@code since} gives this state. */
  public String sourceId(Instant since) {
    return "linear-comment:" + id() + ":" + inferredAction(since);
  }

  /** The comment as the GraphQL API's node. */
  public ObjectNode toNode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", id());
    node.put("body", body());
    node.put("createdAt", createdAt().toString());
    node.put("updatedAt", updatedAt().toString());
    node.put("url", url());
    node.putObject("user").put("id", userId()).put("name", userName());
    node.putObject("issue").put("id", issueId()).put("identifier", issueIdentifier());
    return node;
  }

  /**
   * The webhook delivery Linear sends for {@code action} at {@code webhookTimestamp}; as Linear's,
   * its {@code data} has no URL, which the envelope carries.
   */
  public ObjectNode toWebhook(String action, Instant webhookTimestamp) {
    ObjectNode data = toNode();
    data.remove("url");
    data.put("issueId", issueId());
    data.put("userId", userId());
    return WebhookEnvelope.of("Comment", action, data, url(), createdAt(), updatedAt(), webhookTimestamp);
  }
}
