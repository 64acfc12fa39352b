package dev.backfill.testkit.linear;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The state of one Linear issue, rendered as a node of the connector's GraphQL query and as the
 * {@code data} of an {@code Issue} webhook, which carries ids for relations ({@code teamId},
 * {@code stateId}, {@code assigneeId}, {@code labelIds}, {@code creatorId}) beside nested objects.
 */
@Value.Immutable(prehash = true)
public abstract class LinearIssue {
  LinearIssue() {}

  /** The issue's id. */
  public abstract String id();

  /** The id of the issue's team. */
  public abstract String teamId();

  /** The key of the issue's team, such as {@code ENG}. */
  public abstract String teamKey();

  /** The issue's number within its team. */
  public abstract long number();

  /** The issue's title. */
  public abstract String title();

  /** The issue's description. */
  public abstract String description();

  /** The priority, 0 (none) to 4 (low). */
  public abstract int priority();

  /** When the issue was created. */
  public abstract Instant createdAt();

  /** When the issue reached this state. */
  public abstract Instant updatedAt();

  /** The name of the issue's workflow state. */
  public abstract String stateName();

  /** The type of the issue's workflow state, such as {@code started}. */
  public abstract String stateType();

  /** The id of the user who created it. */
  public abstract String creatorId();

  /** The assignee's id and name. */
  public abstract Optional<List<String>> assignee();

  /** The names of its labels. */
  public abstract List<String> labels();

  /** The project's id and name. */
  public abstract Optional<List<String>> project();

  /** The number of its cycle, when it is in one. */
  public abstract Optional<Integer> cycleNumber();

  /** The identifier of its parent issue, when it has one. */
  public abstract Optional<String> parentIdentifier();

  /** Starts an issue. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LinearIssue}. */
  public static final class Builder extends ImmutableLinearIssue.Builder {}

  /** The issue's identifier, such as {@code ENG-42}. */
  public String identifier() {
    return teamKey() + "-" + number();
  }

  /** The issue's page. */
  public String url() {
    return "https://linear.example.test/acme/issue/" + identifier();
  }

  /** {@code create} when created within the window, {@code update} otherwise. */
  public String inferredAction(Instant since) {
    return createdAt().isBefore(since) ? "update" : "create";
  }

  /** The sourceId a backfill of the range starting at {@code since} gives this state. */
  public String sourceId(Instant since) {
    return "linear-issue:" + identifier() + ":" + inferredAction(since);
  }

  /** The node of the connector's issues query. */
  public ObjectNode toNode() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode node = json.objectNode();
    node.put("id", id());
    node.put("identifier", identifier());
    node.put("number", number());
    node.put("title", title());
    node.put("description", description());
    node.put("priority", priority());
    node.put("url", url());
    node.put("createdAt", createdAt().toString());
    node.put("updatedAt", updatedAt().toString());
    node.putNull("archivedAt");
    node.putObject("team").put("id", teamId()).put("key", teamKey()).put("name", teamKey() + " team");
    node.putObject("state").put("id", "state-" + stateType()).put("name", stateName()).put("type", stateType());
    if (assignee().isPresent()) {
      node.putObject("assignee").put("id", assignee().get().get(0)).put("name", assignee().get().get(1));
    } else {
      node.putNull("assignee");
    }
    node.putObject("creator").put("id", creatorId());
    ArrayNode labelNodes = node.putObject("labels").putArray("nodes");
    labels().forEach(label -> labelNodes.addObject().put("id", "label-" + label.hashCode()).put("name", label));
    if (project().isPresent()) {
      node.putObject("project").put("id", project().get().get(0)).put("name", project().get().get(1));
    } else {
      node.putNull("project");
    }
    if (cycleNumber().isPresent()) {
      node.putObject("cycle").put("id", "cycle-" + cycleNumber().get()).put("number", cycleNumber().get());
    } else {
      node.putNull("cycle");
    }
    if (parentIdentifier().isPresent()) {
      node.putObject("parent").put("id", "parent-" + parentIdentifier().get());
    } else {
      node.putNull("parent");
    }
    return node;
  }

  /** The {@code data} of the {@code Issue} webhook for this state. */
  public ObjectNode toWebhookData() {
    ObjectNode node = toNode();
    node.put("teamId", teamId());
    node.put("stateId", "state-" + stateType());
    node.put("creatorId", creatorId());
    node.remove("creator");
    if (assignee().isPresent()) {
      node.put("assigneeId", assignee().get().get(0));
    }
    ArrayNode labelIds = node.putArray("labelIds");
    labels().forEach(label -> labelIds.add("label-" + label.hashCode()));
    ArrayNode labelList = JsonNodeFactory.instance.arrayNode();
    labels().forEach(label -> labelList.addObject().put("id", "label-" + label.hashCode()).put("name", label));
    node.set("labels", labelList);
    project().ifPresent(value -> node.put("projectId", value.get(0)));
    cycleNumber().ifPresent(value -> node.put("cycleId", "cycle-" + value));
    parentIdentifier().ifPresent(value -> node.put("parentId", "parent-" + value));
    node.remove("parent");
    return node;
  }

  /** The {@code Issue} webhook envelope for {@code action} ({@code create} or {@code update}). */
  public ObjectNode toWebhook(String action, Instant webhookTimestamp) {
    return WebhookEnvelope.of("Issue", action, toWebhookData(), url(), createdAt(), updatedAt(), webhookTimestamp);
  }
}
