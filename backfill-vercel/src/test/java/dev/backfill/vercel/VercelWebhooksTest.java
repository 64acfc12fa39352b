package dev.backfill.vercel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.testkit.vercel.VercelDeployment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VercelWebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static VercelDeployment ready() {
    return VercelDeployment.builder()
        .uid("dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ")
        .name("web")
        .projectId("prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB")
        .state(VercelDeployment.State.READY)
        .created(Instant.parse("2026-11-20T10:00:00Z"))
        .finished(Instant.parse("2026-11-20T10:02:30Z"))
        .creatorUid("usr_1")
        .creatorUsername("user1")
        .target("production")
        .meta(Map.of("githubCommitSha", "a".repeat(40), "githubCommitRef", "main", "githubCommitMessage", "Fix token refresh\n\ndetails",
            "githubCommitAuthorLogin", "octocat", "githubCommitOrg", "acme", "githubCommitRepo", "web"))
        .build();
  }

  @Test
  void deploymentEventsBecomeOneSourceIdPerDeployment() {
    byte[] body = ready().toWebhook(Optional.of("team_1"), "evt_1").toString().getBytes(StandardCharsets.UTF_8);

    SourceEvent event = VercelWebhooks.transform(body, TransformContext.webhook("evt_1", NOW)).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("deployment:dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ");
    assertThat(event.title()).isEqualTo("[Deployment Succeeded] web (main): Fix token refresh");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:02:30Z"));
    assertThat(event.actor().id()).isEqualTo("usr_1");
    assertThat(event.actor().name()).isEqualTo("octocat");
    assertThat(event.references()).containsExactly(
        SourceReference.of(SourceReference.DEPLOYMENT, "dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ", "https://" + ready().url()),
        SourceReference.of(SourceReference.COMMIT, "a".repeat(40), "https://github.com/acme/web/commit/" + "a".repeat(40)),
        SourceReference.of(SourceReference.BRANCH, "main"),
        SourceReference.of(SourceReference.REPOSITORY, "acme/web"),
        SourceReference.of(SourceReference.PROJECT, "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB"));
    assertThat(event.metadata().get("teamId").asText()).isEqualTo("team_1");
    assertThat(event.metadata().get("target").asText()).isEqualTo("production");
  }

  @Test
  void theInspectorLinkIsReadFromTheLinksVercelDocuments() {
    String body = "{\"id\":\"evt_3\",\"type\":\"deployment.error\",\"createdAt\":1790125000000,\"region\":\"iad1\",\"payload\":{"
        + "\"team\":null,\"user\":{\"id\":\"usr_1\"},\"deployment\":{\"id\":\"dpl_abc\",\"url\":\"web-x.vercel.app\",\"name\":\"web\",\"meta\":{}},"
        + "\"links\":{\"deployment\":\"https://vercel.com/acme/web/dpl_abc\",\"project\":\"https://vercel.com/acme/web\"},"
        + "\"target\":\"production\",\"project\":{\"id\":\"prj_1\"},\"plan\":\"pro\",\"regions\":[\"iad1\"]}}";

    SourceEvent event = VercelWebhooks.transform(body.getBytes(StandardCharsets.UTF_8), TransformContext.webhook("evt_3", NOW)).orElseThrow();

    assertThat(event.metadata().get("inspectorUrl").asText()).isEqualTo("https://vercel.com/acme/web/dpl_abc");
    assertThat(event.metadata().get("url").asText()).isEqualTo("https://web-x.vercel.app");
  }

  @Test
  void readyAndPromotedAreTheSameDeployment() {
    var envelope = ready().toWebhook(Optional.empty(), "evt_2").put("type", "deployment.promoted");

    SourceEvent promoted = VercelWebhooks.transform("deployment.promoted", envelope, TransformContext.webhook("evt_2", NOW)).orElseThrow();

    assertThat(promoted.sourceId()).isEqualTo("deployment:dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ");
    assertThat(promoted.title()).startsWith("[Deployment Promoted] ");
  }

  @Test
  void otherEventTypesAreNotHandledAndBrokenBodiesAreTyped() {
    byte[] project = "{\"id\":\"evt\",\"type\":\"project.created\",\"createdAt\":1,\"payload\":{}}".getBytes(StandardCharsets.UTF_8);

    assertThat(VercelWebhooks.transform(project, TransformContext.webhook("evt", NOW))).isEmpty();
    assertThatThrownBy(() -> VercelWebhooks.transform("{".getBytes(StandardCharsets.UTF_8), TransformContext.webhook("e", NOW)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> VercelWebhooks.transform("deployment.created", ready().toWebhook(Optional.empty(), "e").without("createdAt"),
        TransformContext.webhook("e", NOW))).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("createdAt");
  }

  @Test
  void verifiesTheSha1Signature() {
    byte[] body = "{\"type\":\"deployment.created\"}".getBytes(StandardCharsets.UTF_8);
    String signature = HmacSignatures.sign("HmacSHA1", "client-secret", body);

    assertThat(VercelWebhooks.verifySignature(body, signature, "client-secret")).isTrue();
    assertThat(VercelWebhooks.verifySignature(body, signature, "other")).isFalse();
    assertThat(VercelWebhooks.verifySignature(body, "sha1=" + signature, "client-secret")).isFalse();
    assertThat(VercelWebhooks.verifySignature(body, null, "client-secret")).isFalse();
  }
}
