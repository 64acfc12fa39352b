package dev.backfill.vercel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.WebhookEquivalence;
import dev.backfill.testkit.vercel.VercelArbitraries;
import dev.backfill.testkit.vercel.VercelDeployment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every generated deployment state, the webhook that produced it and the connector's page
 * listing it give events that agree (the testkit's {@link WebhookEquivalence}: sourceId, source,
 * sourceType, title, body, occurredAt, actor, references and metadata). Documented differences:
 * deliveryId and ingestionSource only.
 */
class VercelEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String PROJECT = "prj_1";

  private static WebhookEquivalence<VercelDeployment> equivalence(Optional<String> teamId) {
    Map<String, String> settings = new HashMap<>();
    teamId.ifPresent(team -> settings.put(VercelConnector.TEAM_ID.key(), team));
    return WebhookEquivalence.<VercelDeployment>builder(new VercelConnector())
        .settings(settings)
        .webhook(deployment -> WebhookDelivery.of(Map.of(),
            deployment.toWebhook(teamId, "evt_1").toString().getBytes(StandardCharsets.UTF_8)))
        .listAnswer((deployment, url) -> "{\"deployments\":[" + deployment.toListItem() + "],"
            + "\"pagination\":{\"count\":1,\"next\":null,\"prev\":" + deployment.created().toEpochMilli() + "}}")
        .request(deployment -> PageRequest.builder()
            .resource(Resource.of(PROJECT))
            .entityType("deployment")
            .window(Window.of(NOW.minus(Duration.ofDays(121)), NOW))
            .pageNumber(1)
            .build())
        .now(NOW)
        .build();
  }

  @Provide
  Arbitrary<VercelDeployment> deployments() {
    return VercelArbitraries.deployments(PROJECT, "web", NOW, 120);
  }

  @Property
  void webhookAndBackfillPathsAgree(@ForAll("deployments") VercelDeployment deployment, @ForAll boolean team) {
    WebhookEquivalence.Events events = equivalence(team ? Optional.of("team_1") : Optional.empty()).check(deployment);

    assertThat(events.backfill().sourceId()).isEqualTo(deployment.sourceId());
  }
}
