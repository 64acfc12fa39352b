package dev.backfill.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.linear.internal.LinearListAdapter;
import dev.backfill.testkit.linear.LinearArbitraries;
import dev.backfill.testkit.linear.LinearComment;
import dev.backfill.testkit.linear.LinearIssue;
import dev.backfill.testkit.linear.LinearProject;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For every generated issue, comment and project, and every window start, the webhook of the
 * inferred action and the GraphQL node mapped by the adapter give events that agree on sourceId,
 * source, sourceType, title, occurredAt, actor and references. Documented differences: deliveryId
 * and ingestionSource only.
 */
class LinearEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

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

  @Property
  void issuePathsAgree(@ForAll("issues") LinearIssue issue, @ForAll @IntRange(min = 1, max = 120) int depthDays) {
    Instant since = NOW.minus(Duration.ofDays(depthDays));
    SourceEvent webhook = webhook(issue.toWebhook(issue.inferredAction(since), NOW));
    SourceEvent backfill = backfill(LinearListAdapter.issue(issue.toNode(), since));

    assertAgree(webhook, backfill);
    assertThat(backfill.sourceId()).isEqualTo(issue.sourceId(since));
  }

  @Property
  void commentPathsAgree(@ForAll("comments") LinearComment comment, @ForAll @IntRange(min = 1, max = 120) int depthDays) {
    Instant since = NOW.minus(Duration.ofDays(depthDays));
    SourceEvent webhook = webhook(comment.toWebhook(comment.inferredAction(since), NOW));
    SourceEvent backfill = backfill(LinearListAdapter.comment(comment.toNode(), since));

    assertAgree(webhook, backfill);
    assertThat(backfill.sourceId()).isEqualTo(comment.sourceId(since));
  }

  @Property
  void projectPathsAgree(@ForAll("projects") LinearProject project, @ForAll @IntRange(min = 1, max = 120) int depthDays) {
    Instant since = NOW.minus(Duration.ofDays(depthDays));
    SourceEvent webhook = webhook(project.toWebhook(project.inferredAction(since), NOW));
    SourceEvent backfill = backfill(LinearListAdapter.project(project.toNode(), since));

    assertAgree(webhook, backfill);
    assertThat(backfill.sourceId()).isEqualTo(project.sourceId(since));
  }

  private static SourceEvent webhook(ObjectNode envelope) {
    return LinearWebhooks.transform(envelope, TransformContext.webhook("delivery-1", NOW)).orElseThrow();
  }

  private static SourceEvent backfill(ObjectNode envelope) {
    return LinearWebhooks.transform(envelope, TransformContext.backfill(NOW)).orElseThrow();
  }

  private static void assertAgree(SourceEvent webhook, SourceEvent backfill) {
    assertThat(backfill.sourceId()).isEqualTo(webhook.sourceId());
    assertThat(backfill.source()).isEqualTo(webhook.source());
    assertThat(backfill.sourceType()).isEqualTo(webhook.sourceType());
    assertThat(backfill.title()).isEqualTo(webhook.title());
    assertThat(backfill.occurredAt()).isEqualTo(webhook.occurredAt());
    assertThat(backfill.actor()).isEqualTo(webhook.actor());
    assertThat(backfill.references()).isEqualTo(webhook.references());
    assertThat(backfill.metadata()).isEqualTo(webhook.metadata());
    assertThat(backfill.deliveryId()).isEqualTo("backfill:" + backfill.sourceId());
  }
}
