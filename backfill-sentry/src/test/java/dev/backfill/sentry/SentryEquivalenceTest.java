package dev.backfill.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.sentry.internal.SentryListAdapter;
import dev.backfill.testkit.sentry.SentryArbitraries;
import dev.backfill.testkit.sentry.SentryIssue;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every generated issue state, the {@code issue} webhook that produced it (an ignored issue
 * sometimes named {@code archived}) and the list item wrapped by the adapter give events that
 * agree on sourceId, source, sourceType, title, occurredAt, actor and references, and on metadata.
 * Documented differences: deliveryId and ingestionSource only.
 */
class SentryEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Provide
  Arbitrary<SentryIssue> issues() {
    return SentryArbitraries.issues("4500001", "web", NOW, 120);
  }

  @Property
  void webhookAndBackfillPathsAgree(@ForAll("issues") SentryIssue issue, @ForAll boolean archivedName) {
    SourceEvent webhook = SentryWebhooks.transform("issue", issue.toWebhook(archivedName), TransformContext.webhook("req-1", NOW)).orElseThrow();
    SourceEvent backfill = SentryWebhooks.transform("issue", SentryListAdapter.envelope(issue.toListItem()), TransformContext.backfill(NOW))
        .orElseThrow();

    assertThat(backfill.sourceId()).isEqualTo(webhook.sourceId()).isEqualTo(issue.sourceId());
    assertThat(backfill.source()).isEqualTo(webhook.source());
    assertThat(backfill.sourceType()).isEqualTo(webhook.sourceType());
    assertThat(backfill.title()).isEqualTo(webhook.title());
    assertThat(backfill.occurredAt()).isEqualTo(webhook.occurredAt());
    assertThat(backfill.actor()).isEqualTo(webhook.actor());
    assertThat(backfill.references()).isEqualTo(webhook.references());
    assertThat(backfill.metadata()).isEqualTo(webhook.metadata());
    assertThat(backfill.deliveryId()).isEqualTo("backfill:" + issue.sourceId());
  }
}
