package dev.backfill.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.WebhookEquivalence;
import dev.backfill.testkit.sentry.SentryArbitraries;
import dev.backfill.testkit.sentry.SentryIssue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every generated issue state, the {@code issue} webhook that produced it (an ignored issue
 * sometimes named {@code archived}) and the connector's page listing the issue give events that
 * agree (the testkit's {@link WebhookEquivalence}: sourceId, source, sourceType, title, body,
 * occurredAt, actor, references and metadata). Documented differences: deliveryId and
 * ingestionSource only.
 */
class SentryEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static WebhookEquivalence<SentryIssue> equivalence(boolean archivedName) {
    return WebhookEquivalence.<SentryIssue>builder(new SentryConnector())
        .settings(Map.of(SentryConnector.ORGANIZATION.key(), "acme"))
        .webhook(issue -> WebhookDelivery.of(Map.of("Sentry-Hook-Resource", "issue"),
            issue.toWebhook(archivedName).toString().getBytes(StandardCharsets.UTF_8)))
        .listAnswer((issue, url) -> "[" + issue.toListItem() + "]")
        .request(issue -> PageRequest.builder()
            .resource(Resource.of("web"))
            .entityType(SentryConnector.ISSUE)
            .window(Window.of(NOW.minus(Duration.ofDays(121)), NOW.plusSeconds(1)))
            .pageNumber(1)
            .build())
        .now(NOW)
        .build();
  }

  @Provide
  Arbitrary<SentryIssue> issues() {
    return SentryArbitraries.issues("4500001", "web", NOW, 120);
  }

  @Property
  void webhookAndBackfillPathsAgree(@ForAll("issues") SentryIssue issue, @ForAll boolean archivedName) {
    WebhookEquivalence.Events events = equivalence(archivedName).check(issue);

    assertThat(events.backfill().sourceId()).isEqualTo(issue.sourceId());
  }
}
