package dev.backfill.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.WebhookEquivalence;
import dev.backfill.testkit.linear.LinearArbitraries;
import dev.backfill.testkit.linear.LinearComment;
import dev.backfill.testkit.linear.LinearIssue;
import dev.backfill.testkit.linear.LinearProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For every generated issue, comment and project, and every start of the range fetched, the
 * webhook of the inferred action and the connector's GraphQL page listing the node give events
 * that agree (the testkit's {@link WebhookEquivalence}: sourceId, source, sourceType, title, body,
 * occurredAt, actor, references and metadata). Documented differences: deliveryId and
 * ingestionSource only.
 */
class LinearEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  /** An entity state seen by a backfill of the range starting at {@code since}. */
  record InRange<T>(T entity, Instant since, String action) {}

  /**
   * The property for one entity type: the webhook of the state's inferred action, and the page
   * whose GraphQL connection ({@code data.team.issues}, say) holds its node.
   */
  private static <T> WebhookEquivalence<InRange<T>> equivalence(String entityType, Function<T, ObjectNode> node,
      Function<InRange<T>, ObjectNode> webhook, Function<String, String> wrapConnection) {
    return WebhookEquivalence.<InRange<T>>builder(new LinearConnector())
        .webhook(state -> WebhookDelivery.of(Map.of(), webhook.apply(state).toString().getBytes(StandardCharsets.UTF_8)))
        .listAnswer((state, url) -> "{\"data\":" + wrapConnection.apply("{\"nodes\":[" + node.apply(state.entity())
            + "],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":null}}") + "}")
        .request(state -> PageRequest.builder()
            .resource(Resource.builder().id("ENG").putAttributes("teamId", "team-1").build())
            .entityType(entityType)
            .window(Window.of(state.since(), NOW))
            .pageNumber(1)
            .build())
        .now(NOW)
        .build();
  }

  private static final WebhookEquivalence<InRange<LinearIssue>> ISSUES = equivalence(LinearConnector.ISSUE,
      LinearIssue::toNode, state -> state.entity().toWebhook(state.action(), NOW), nodes -> "{\"team\":{\"issues\":" + nodes + "}}");
  private static final WebhookEquivalence<InRange<LinearComment>> COMMENTS = equivalence(LinearConnector.COMMENT,
      LinearComment::toNode, state -> state.entity().toWebhook(state.action(), NOW), nodes -> "{\"comments\":" + nodes + "}");
  private static final WebhookEquivalence<InRange<LinearProject>> PROJECTS = equivalence(LinearConnector.PROJECT,
      LinearProject::toNode, state -> state.entity().toWebhook(state.action(), NOW), nodes -> "{\"team\":{\"projects\":" + nodes + "}}");

  @Provide
  Arbitrary<LinearIssue> issues() {
    return LinearArbitraries.issues("team-1", "ENG", NOW, 120);
  }

  @Provide
  Arbitrary<LinearComment> comments() {
    return LinearArbitraries.comments("team-1", "ENG", NOW, 120);
  }

  @Provide
  Arbitrary<LinearProject> projects() {
    return LinearArbitraries.projects("team-1", NOW, 120);
  }

  private static Instant since(Instant updatedAt, int depthDays) {
    Instant since = NOW.minus(Duration.ofDays(depthDays));
    Assume.that(!updatedAt.isBefore(since));
    return since;
  }

  @Property
  void issuePathsAgree(@ForAll("issues") LinearIssue issue, @ForAll @IntRange(min = 1, max = 121) int depthDays) {
    Instant since = since(issue.updatedAt(), depthDays);

    WebhookEquivalence.Events events = ISSUES.check(new InRange<>(issue, since, issue.inferredAction(since)));

    assertThat(events.backfill().sourceId()).isEqualTo(issue.sourceId(since));
  }

  @Property
  void commentPathsAgree(@ForAll("comments") LinearComment comment, @ForAll @IntRange(min = 1, max = 121) int depthDays) {
    Instant since = since(comment.updatedAt(), depthDays);

    WebhookEquivalence.Events events = COMMENTS.check(new InRange<>(comment, since, comment.inferredAction(since)));

    assertThat(events.backfill().sourceId()).isEqualTo(comment.sourceId(since));
  }

  @Property
  void projectPathsAgree(@ForAll("projects") LinearProject project, @ForAll @IntRange(min = 1, max = 121) int depthDays) {
    Instant since = since(project.updatedAt(), depthDays);

    WebhookEquivalence.Events events = PROJECTS.check(new InRange<>(project, since, project.inferredAction(since)));

    assertThat(events.backfill().sourceId()).isEqualTo(project.sourceId(since));
  }
}
