package dev.backfill.testkit.linear;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.immutables.value.Value;

/** The state of one Linear project, as a node of the connector's projects query and as a {@code Project} webhook. */
@Value.Immutable(prehash = true)
public abstract class LinearProject {
  LinearProject() {}

  /** The project's id. */
  public abstract String id();

  /** The project's name. */
  public abstract String name();

  /** The project's description. */
  public abstract String description();

  /** The type of the project's status, such as {@code started}. */
  public abstract String state();

  /** When the project was created. */
  public abstract Instant createdAt();

  /** When the project reached this state. */
  public abstract Instant updatedAt();

  /** The ids of its teams. */
  public abstract List<String> teamIds();

  /** Starts a project. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LinearProject}. */
  public static final class Builder extends ImmutableLinearProject.Builder {}

  /** The project's page. */
  public String url() {
    return "https://linear.example.test/acme/project/" + id();
  }

  /** {@code create} when created within the range starting at {@code since}, {@code update} otherwise. */
  public String inferredAction(Instant since) {
    return createdAt().isBefore(since) ? "update" : "create";
  }

  /** The sourceId a backfill of the range starting at {@code since} gives this state. */
  public String sourceId(Instant since) {
    return "linear-project:" + id() + ":" + inferredAction(since);
  }

  /** The project as the GraphQL API's node. */
  public ObjectNode toNode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", id());
    node.put("name", name());
    node.put("description", description());
    node.putObject("status").put("id", "status-" + state()).put("name", state()).put("type", state());
    node.put("url", url());
    node.put("createdAt", createdAt().toString());
    node.put("updatedAt", updatedAt().toString());
    ArrayNode teams = node.putObject("teams").putArray("nodes");
    teamIds().forEach(team -> teams.addObject().put("id", team));
    return node;
  }

  /** The webhook delivery Linear sends for {@code action} at {@code webhookTimestamp}. */
  public ObjectNode toWebhook(String action, Instant webhookTimestamp) {
    ObjectNode data = toNode();
    data.remove("teams");
    ArrayNode teamIds = data.putArray("teamIds");
    teamIds().forEach(teamIds::add);
    data.put("statusId", "status-" + state());
    return WebhookEnvelope.of("Project", action, data, url(), createdAt(), updatedAt(), webhookTimestamp);
  }
}
