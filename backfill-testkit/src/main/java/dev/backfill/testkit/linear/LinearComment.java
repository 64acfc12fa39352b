package dev.backfill.testkit.linear;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.immutables.value.Value;

/** The state of one Linear comment, as a node of the connector's comments query and as a {@code Comment} webhook. */
@Value.Immutable
public abstract class LinearComment {
  LinearComment() {}

  public abstract String id();

  public abstract String body();

  public abstract Instant createdAt();

  public abstract Instant updatedAt();

  public abstract String userId();

  public abstract String userName();

  public abstract String issueId();

  public abstract String issueIdentifier();

  public abstract String teamId();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LinearComment}. */
  public static final class Builder extends ImmutableLinearComment.Builder {}

  public String url() {
    return "https://linear.example.test/acme/issue/" + issueIdentifier() + "#comment-" + id();
  }

  public String inferredAction(Instant since) {
    return createdAt().isBefore(since) ? "update" : "create";
  }

  public String sourceId(Instant since) {
    return "linear-comment:" + id() + ":" + inferredAction(since);
  }

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

  public ObjectNode toWebhook(String action, Instant webhookTimestamp) {
    ObjectNode data = toNode();
    data.put("issueId", issueId());
    data.put("userId", userId());
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("action", action);
    envelope.put("type", "Comment");
    envelope.set("data", data);
    envelope.put("url", url());
    envelope.put("createdAt", ("create".equals(action) ? createdAt() : updatedAt()).toString());
    envelope.put("organizationId", "org-1");
    envelope.put("webhookTimestamp", webhookTimestamp.toEpochMilli());
    envelope.put("webhookId", "webhook-1");
    return envelope;
  }
}
