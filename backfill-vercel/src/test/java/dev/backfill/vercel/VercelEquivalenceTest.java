package dev.backfill.vercel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.testkit.vercel.VercelArbitraries;
import dev.backfill.testkit.vercel.VercelDeployment;
import dev.backfill.vercel.internal.VercelListAdapter;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every generated deployment state, the webhook that produced it and the list item wrapped by
 * the adapter give events that agree on sourceId, source, sourceType, title, occurredAt, actor
 * and references. Documented differences: deliveryId and ingestionSource only.
 */
class VercelEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Provide
  Arbitrary<VercelDeployment> deployments() {
    return VercelArbitraries.deployments("prj_1", "web", NOW, 120);
  }

  @Property
  void webhookAndBackfillPathsAgree(@ForAll("deployments") VercelDeployment deployment, @ForAll boolean team) {
    Optional<String> teamId = team ? Optional.of("team_1") : Optional.empty();
    SourceEvent webhook = VercelWebhooks.transform(deployment.inferredEventType(), deployment.toWebhook(teamId, "evt_1"),
        TransformContext.webhook("evt_1", NOW)).orElseThrow();
    var envelope = VercelListAdapter.envelope(deployment.toListItem(), "prj_1", teamId);
    SourceEvent backfill = VercelWebhooks.transform(envelope.get("type").asText(), envelope, TransformContext.backfill(NOW)).orElseThrow();

    assertThat(backfill.sourceId()).isEqualTo(webhook.sourceId()).isEqualTo(deployment.sourceId());
    assertThat(backfill.source()).isEqualTo(webhook.source());
    assertThat(backfill.sourceType()).isEqualTo(webhook.sourceType());
    assertThat(backfill.title()).isEqualTo(webhook.title());
    assertThat(backfill.occurredAt()).isEqualTo(webhook.occurredAt());
    assertThat(backfill.actor()).isEqualTo(webhook.actor());
    assertThat(backfill.references()).isEqualTo(webhook.references());
    assertThat(backfill.metadata()).isEqualTo(webhook.metadata());
    assertThat(backfill.deliveryId()).isEqualTo("backfill:" + deployment.sourceId());
  }
}
