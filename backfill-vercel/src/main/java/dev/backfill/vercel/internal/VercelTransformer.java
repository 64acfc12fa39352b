package dev.backfill.vercel.internal;

import static dev.backfill.core.spi.Payloads.requireLong;
import static dev.backfill.core.spi.Payloads.requireObject;
import static dev.backfill.core.spi.Payloads.requireText;
import static dev.backfill.core.spi.Payloads.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The only code that builds Vercel {@link SourceEvent}s: from a deployment webhook envelope ({@code
 * id, type, createdAt, payload}), whether Vercel delivered it or the list adapter built it. The
 * sourceId is {@code deployment:{id}} whatever the state, so the first event of a deployment wins.
 */
public final class VercelTransformer {
  public static final String SOURCE = "vercel";

  /** The deployment event types this transformer handles. */
  public static final Set<String> DEPLOYMENT_EVENTS = Set.of(
      "deployment.created", "deployment.succeeded", "deployment.ready", "deployment.error",
      "deployment.canceled", "deployment.promoted");

  private static final List<String> GIT_PROVIDERS = List.of("github", "gitlab", "bitbucket");

  private VercelTransformer() {}

  /**
   * The event of a deployment webhook, or empty for another event type.
   *
   * @param eventType the envelope's {@code type}, for example {@code deployment.succeeded}
   * @throws InvalidPayloadException when the envelope lacks what the event needs
   */
  public static Optional<SourceEvent> transform(String eventType, JsonNode envelope, TransformContext context) {
    if (!DEPLOYMENT_EVENTS.contains(eventType)) {
      return Optional.empty();
    }
    JsonNode payload = requireObject(envelope, "payload");
    JsonNode deployment = requireObject(payload, "deployment");
    String id = requireText(deployment, "id");
    String sourceId = "deployment:" + id;
    JsonNode meta = deployment.path("meta");
    String name = text(deployment, "name").or(() -> text(payload, "name")).orElse(id);
    Optional<String> branch = git(meta, "CommitRef");
    Optional<String> sha = git(meta, "CommitSha");
    Optional<String> message = git(meta, "CommitMessage");
    String label = label(eventType);

    StringBuilder title = new StringBuilder("[Deployment ").append(label).append("] ").append(name);
    branch.ifPresent(ref -> title.append(" (").append(ref).append(')'));
    message.flatMap(text -> text.lines().findFirst()).filter(line -> !line.isBlank()).ifPresent(line -> title.append(": ").append(line));

    List<SourceReference> references = new ArrayList<>();
    text(deployment, "url").ifPresent(url -> references.add(SourceReference.of(SourceReference.DEPLOYMENT, id, "https://" + url)));
    Optional<String> repository = repository(meta);
    sha.ifPresent(commit -> references.add(SourceReference.of(SourceReference.COMMIT, commit,
        repository.filter(repo -> meta.has("githubCommitSha")).map(repo -> "https://github.com/" + repo + "/commit/" + commit).orElse(null))));
    branch.ifPresent(ref -> references.add(SourceReference.of(SourceReference.BRANCH, ref)));
    repository.ifPresent(repo -> references.add(SourceReference.of(SourceReference.REPOSITORY, repo)));
    text(payload.path("project"), "id").ifPresent(project -> references.add(SourceReference.of(SourceReference.PROJECT, project)));

    String userId = requireText(requireObject(payload, "user"), "id");
    String actorName = git(meta, "CommitAuthorLogin").or(() -> git(meta, "CommitAuthorName")).orElse(userId);

    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("type", eventType);
    text(payload.path("project"), "id").ifPresent(project -> metadata.put("projectId", project));
    text(payload.path("team"), "id").ifPresent(team -> metadata.put("teamId", team));
    text(payload, "target").ifPresent(target -> metadata.put("target", target));
    text(deployment, "url").ifPresent(url -> metadata.put("url", "https://" + url));
    text(payload.path("links"), "deployment").ifPresent(url -> metadata.put("inspectorUrl", url));
    message.ifPresent(text -> metadata.put("commitMessage", text));

    return Optional.of(context.event(SOURCE, "deployment", sourceId)
        .title(title.toString())
        .body(message.orElse(""))
        .actor(SourceActor.of(userId, actorName))
        .occurredAt(Instant.ofEpochMilli(requireLong(envelope, "createdAt")))
        .references(references)
        .metadata(metadata)
        .build());
  }

  /** The first of {@code githubX}, {@code gitlabX}, {@code bitbucketX} in the deployment's meta. */
  private static Optional<String> git(JsonNode meta, String field) {
    for (String provider : GIT_PROVIDERS) {
      Optional<String> value = text(meta, provider + field).filter(text -> !text.isEmpty());
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> repository(JsonNode meta) {
    Optional<String> org = git(meta, "CommitOrg").or(() -> text(meta, "githubOrg"));
    Optional<String> repo = git(meta, "CommitRepo").or(() -> text(meta, "githubRepo"));
    return org.isPresent() && repo.isPresent() ? Optional.of(org.get() + "/" + repo.get()) : Optional.empty();
  }

  /** {@code deployment.succeeded} becomes {@code Succeeded}. */
  private static String label(String eventType) {
    String state = eventType.substring(eventType.indexOf('.') + 1);
    return state.substring(0, 1).toUpperCase(Locale.ROOT) + state.substring(1);
  }
}
