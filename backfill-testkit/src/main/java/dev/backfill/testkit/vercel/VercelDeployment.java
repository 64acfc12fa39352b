package dev.backfill.testkit.vercel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The state of one Vercel deployment, rendered as an item of {@code GET /v6/deployments} and as
 * the webhook that produced that state.
 */
@Value.Immutable(prehash = true)
public abstract class VercelDeployment {
  /** The states a deployment passes through. */
  public enum State {
    /** Waiting for a builder. */
    QUEUED,
    /** Setting up the build. */
    INITIALIZING,
    /** Building. */
    BUILDING,
    /** Built and serving. */
    READY,
    /** The build failed. */
    ERROR,
    /** Canceled before it was ready. */
    CANCELED
  }

  VercelDeployment() {}

  /** The deployment's id, {@code dpl_...}. */
  public abstract String uid();

  /** The project's name. */
  public abstract String name();

  /** The project's id. */
  public abstract String projectId();

  /** The deployment's state. */
  public abstract State state();

  /** When the deployment was created. */
  public abstract Instant created();

  /** When it reached READY, ERROR or CANCELED; absent while queued or building. */
  public abstract Optional<Instant> finished();

  /** The id of the user who created it. */
  public abstract String creatorUid();

  /** The name of the user who created it. */
  public abstract String creatorUsername();

  /** {@code production}, or absent for a preview. */
  public abstract Optional<String> target();

  /** Git metadata such as {@code githubCommitSha}, {@code githubCommitRef}, {@code githubCommitMessage}. */
  public abstract Map<String, String> meta();

  /** Starts a deployment. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link VercelDeployment}. */
  public static final class Builder extends ImmutableVercelDeployment.Builder {}

  /** The webhook event type the contract infers from the state. */
  public String inferredEventType() {
    switch (state()) {
      case READY:
        return "deployment.succeeded";
      case ERROR:
        return "deployment.error";
      case CANCELED:
        return "deployment.canceled";
      default:
        return "deployment.created";
    }
  }

  /** The sourceId of this deployment's events. */
  public String sourceId() {
    return "deployment:" + uid();
  }

  /** The deployment's generated host name. */
  public String url() {
    return name() + "-" + uid().substring(4, Math.min(uid().length(), 13)).toLowerCase() + ".vercel.app";
  }

  /** The deployment's page in the dashboard. */
  public String inspectorUrl() {
    return "https://vercel.example.test/acme/" + name() + "/" + uid();
  }

  /** The item of {@code GET /v6/deployments}. */
  public ObjectNode toListItem() {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("uid", uid());
    item.put("name", name());
    item.put("url", url());
    item.put("created", created().toEpochMilli());
    item.put("createdAt", created().toEpochMilli());
    item.put("buildingAt", created().plusSeconds(2).toEpochMilli());
    finished().ifPresent(at -> item.put("ready", at.toEpochMilli()));
    item.put("state", state().name());
    item.put("readyState", state().name());
    item.put("type", "LAMBDAS");
    item.put("source", "git");
    if (target().isPresent()) {
      item.put("target", target().get());
    } else {
      item.putNull("target");
    }
    ObjectNode creator = item.putObject("creator");
    creator.put("uid", creatorUid());
    creator.put("username", creatorUsername());
    creator.put("email", creatorUsername() + "@example.test");
    creator.put("githubLogin", creatorUsername());
    ObjectNode meta = item.putObject("meta");
    meta().forEach(meta::put);
    item.put("inspectorUrl", inspectorUrl());
    item.put("projectId", projectId());
    item.put("aliasAssigned", state() == State.READY);
    item.put("isRollbackCandidate", false);
    return item;
  }

  /** The webhook delivered when the deployment reached this state. */
  public ObjectNode toWebhook(Optional<String> teamId, String deliveryId) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("id", deliveryId);
    envelope.put("type", inferredEventType());
    envelope.put("createdAt", finished().orElse(created()).toEpochMilli());
    envelope.put("region", "iad1");
    ObjectNode payload = envelope.putObject("payload");
    ObjectNode deployment = payload.putObject("deployment");
    deployment.put("id", uid());
    ObjectNode meta = deployment.putObject("meta");
    meta().forEach(meta::put);
    deployment.put("url", url());
    deployment.put("name", name());
    payload.putObject("project").put("id", projectId());
    if (teamId.isPresent()) {
      payload.putObject("team").put("id", teamId.get());
    } else {
      payload.putNull("team");
    }
    payload.putObject("user").put("id", creatorUid());
    if (target().isPresent()) {
      payload.put("target", target().get());
    } else {
      payload.putNull("target");
    }
    payload.put("plan", "pro");
    payload.putArray("regions").add("iad1");
    ObjectNode links = payload.putObject("links");
    links.put("deployment", inspectorUrl());
    links.put("project", "https://vercel.example.test/acme/" + name());
    payload.put("name", name());
    payload.put("url", url());
    return envelope;
  }

  @Value.Check
  void check() {
    boolean done = state() == State.READY || state() == State.ERROR || state() == State.CANCELED;
    if (done != finished().isPresent()) {
      throw new IllegalStateException("a deployment has a finish time exactly when it is READY, ERROR or CANCELED");
    }
  }
}
