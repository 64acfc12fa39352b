package dev.backfill.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.testkit.linear.LinearIssue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinearWebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final TransformContext DELIVERY = TransformContext.webhook("delivery-1", NOW);

  private static LinearIssue issue() {
    return LinearIssue.builder()
        .id("2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9")
        .teamId("team-1")
        .teamKey("ENG")
        .number(123)
        .title("Fix login redirect")
        .description("Steps to reproduce")
        .priority(2)
        .createdAt(Instant.parse("2026-11-20T09:00:00Z"))
        .updatedAt(Instant.parse("2026-11-21T10:00:00Z"))
        .stateName("In Progress")
        .stateType("started")
        .creatorId("user-1")
        .assignee(Optional.of(List.of("user-2", "Grace")))
        .addLabels("bug")
        .project(Optional.of(List.of("project-1", "Q4 launch")))
        .cycleNumber(12)
        .parentIdentifier("ENG-100")
        .build();
  }

  private static byte[] bytes(Object json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void issueWebhookBecomesAnEventWithItsRelations() {
    SourceEvent event = LinearWebhooks.transform(bytes(issue().toWebhook("update", NOW)), DELIVERY).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("linear-issue:ENG-123:update");
    assertThat(event.title()).isEqualTo("[Linear Issue Updated] ENG-123 Fix login redirect");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(event.actor().id()).isEqualTo("user-1");
    assertThat(event.references()).containsExactly(
        SourceReference.of("team", "ENG"),
        SourceReference.of(SourceReference.PROJECT, "Q4 launch"),
        SourceReference.of("cycle", "12"),
        SourceReference.of(SourceReference.LABEL, "bug"),
        SourceReference.of(SourceReference.ASSIGNEE, "Grace"));
    assertThat(event.metadata().path("parentId").asText()).isEqualTo("parent-ENG-100");
  }

  @Test
  void anIssueDeliveredWithoutItsIdentifierIsNamedByTeamKeyAndNumber() {
    ObjectNode delivery = issue().toWebhook("update", NOW);
    ((ObjectNode) delivery.get("data")).remove("identifier");

    SourceEvent event = LinearWebhooks.transform(bytes(delivery), DELIVERY).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("linear-issue:ENG-123:update");
    assertThat(event.title()).isEqualTo("[Linear Issue Updated] ENG-123 Fix login redirect");
  }

  @Test
  void aProjectsStateIsItsStatusTypeAsLinearSendsIt() {
    String current = "{\"action\":\"update\",\"type\":\"Project\",\"data\":{\"id\":\"p1\",\"name\":\"Billing v2\",\"description\":\"\","
        + "\"status\":{\"id\":\"s1\",\"name\":\"In Progress\",\"color\":\"#f2c94c\",\"type\":\"started\"},\"statusId\":\"s1\","
        + "\"teamIds\":[\"team-1\"],\"createdAt\":\"2026-11-01T00:00:00Z\",\"updatedAt\":\"2026-11-05T00:00:00Z\"}}";
    String older = "{\"action\":\"create\",\"type\":\"Project\",\"data\":{\"id\":\"p2\",\"name\":\"Q4 launch\",\"description\":\"\","
        + "\"state\":\"planned\",\"teamIds\":[\"team-1\"],\"createdAt\":\"2026-11-01T00:00:00Z\",\"updatedAt\":\"2026-11-01T00:00:00Z\"}}";

    assertThat(LinearWebhooks.transform(bytes(current), DELIVERY).orElseThrow().metadata().path("state").asText()).isEqualTo("started");
    assertThat(LinearWebhooks.transform(bytes(older), DELIVERY).orElseThrow().metadata().path("state").asText()).isEqualTo("planned");
  }

  @Test
  void createUsesTheCreationTimeAndOtherTypesHaveTheirOwnSourceIds() {
    assertThat(LinearWebhooks.transform(bytes(issue().toWebhook("create", NOW)), DELIVERY).orElseThrow().occurredAt())
        .isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    String cycle = "{\"action\":\"create\",\"type\":\"Cycle\",\"data\":{\"id\":\"c1\",\"number\":12,\"name\":\"Sprint\",\"teamId\":\"team-1\","
        + "\"createdAt\":\"2026-11-01T00:00:00Z\",\"updatedAt\":\"2026-11-01T00:00:00Z\"}}";
    String update = "{\"action\":\"create\",\"type\":\"ProjectUpdate\",\"data\":{\"id\":\"pu1\",\"body\":\"On track\",\"health\":\"onTrack\","
        + "\"userId\":\"user-1\",\"project\":{\"id\":\"p1\",\"name\":\"Q4 launch\"},\"createdAt\":\"2026-11-02T00:00:00Z\",\"updatedAt\":\"2026-11-02T00:00:00Z\"}}";
    String removed = "{\"action\":\"remove\",\"type\":\"Comment\",\"data\":{\"id\":\"cm1\",\"body\":\"x\",\"issue\":{\"id\":\"i1\",\"identifier\":\"ENG-1\"},"
        + "\"createdAt\":\"2026-11-01T00:00:00Z\",\"updatedAt\":\"2026-11-03T00:00:00Z\",\"archivedAt\":\"2026-11-04T00:00:00Z\"}}";

    assertThat(LinearWebhooks.transform(bytes(cycle), DELIVERY).orElseThrow().title()).isEqualTo("[Linear Cycle Created] Cycle 12: Sprint");
    assertThat(LinearWebhooks.transform(bytes(update), DELIVERY).orElseThrow().sourceId()).isEqualTo("linear-project-update:pu1:create");
    SourceEvent comment = LinearWebhooks.transform(bytes(removed), DELIVERY).orElseThrow();
    assertThat(comment.sourceId()).isEqualTo("linear-comment:cm1:remove");
    assertThat(comment.occurredAt()).isEqualTo(Instant.parse("2026-11-04T00:00:00Z"));
    assertThat(LinearWebhooks.transform(bytes("{\"action\":\"create\",\"type\":\"Reaction\",\"data\":{}}"), DELIVERY)).isEmpty();
    assertThatThrownBy(() -> LinearWebhooks.transform(bytes("{\"action\":\"create\",\"type\":\"Issue\",\"data\":{}}"), DELIVERY))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("'identifier'");
  }

  @Test
  void verifiesSignatureAndFreshness() {
    byte[] body = bytes(issue().toWebhook("create", NOW.minusSeconds(30)));
    String signature = HmacSignatures.sign("HmacSHA256", "webhook-secret", body);

    assertThat(LinearWebhooks.verify(body, signature, "webhook-secret", NOW, LinearWebhooks.DEFAULT_TOLERANCE)).isTrue();
    assertThat(LinearWebhooks.verify(body, signature, "other", NOW, LinearWebhooks.DEFAULT_TOLERANCE)).isFalse();
    assertThat(LinearWebhooks.verify(body, signature, "webhook-secret", NOW.plusSeconds(120), LinearWebhooks.DEFAULT_TOLERANCE)).isFalse();
    assertThat(LinearWebhooks.isFresh(body, NOW.plusSeconds(120), Duration.ofMinutes(5))).isTrue();
    assertThat(LinearWebhooks.isFresh(bytes("{\"type\":\"Issue\"}"), NOW, Duration.ofMinutes(5))).isFalse();
  }

  @Test
  void aTimestampBeyondALongOrFarAwayIsNeverFresh() {
    long now = NOW.toEpochMilli();
    String wrapsToNow = new java.math.BigInteger("18446744073709551616").add(java.math.BigInteger.valueOf(now)).toString();
    for (String timestamp : List.of(wrapsToNow, "9223372036854775807", "-9223372036854775808", "1e300", "\"" + now + "\"",
        Long.toString(now) + ".5", "null")) {
      assertThat(LinearWebhooks.isFresh(bytes("{\"webhookTimestamp\":" + timestamp + "}"), NOW, Duration.ofDays(365 * 1000)))
          .as(timestamp).isFalse();
    }
    assertThat(LinearWebhooks.isFresh(bytes("{\"webhookTimestamp\":" + now + "}"), NOW, Duration.ZERO)).isTrue();
  }

  @Test
  void aDeliveryWithADuplicateKeyOrTextAfterTheObjectIsRefused() {
    String signed = issue().toWebhook("create", NOW).toString();
    assertThatThrownBy(() -> LinearWebhooks.transform(bytes(signed.replaceFirst("\\{", "{\"action\":\"remove\",")), DELIVERY))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("Duplicate field 'action'");
    assertThatThrownBy(() -> LinearWebhooks.transform(bytes(signed + " {}"), DELIVERY))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("not one valid JSON object");
  }
}
