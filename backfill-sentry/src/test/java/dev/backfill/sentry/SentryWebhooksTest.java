package dev.backfill.sentry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.testkit.sentry.SentryIssue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SentryWebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final TransformContext DELIVERY = TransformContext.webhook("req-1", NOW);

  private static SentryIssue issue(String status) {
    return SentryIssue.builder()
        .id("1170820242")
        .shortId("WEB-1A")
        .title("TypeError: Cannot read properties of undefined (reading 'map')")
        .culprit("app/routes/index.tsx in loader")
        .level("error")
        .status(status)
        .firstSeen(Instant.parse("2026-11-01T08:00:00Z"))
        .lastSeen(Instant.parse("2026-11-20T09:30:00Z"))
        .count(42)
        .userCount(7)
        .projectId("4500001")
        .projectSlug("web")
        .assignee("ada@example.test")
        .lastRelease("web@1.4.2")
        .build();
  }

  private static byte[] bytes(Object json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void createdIssueBecomesAnEventWithItsReferences() {
    SourceEvent event = SentryWebhooks.transform("issue", bytes(issue("unresolved").toWebhook(false)), DELIVERY).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("sentry-issue:1170820242:created");
    assertThat(event.title()).isEqualTo("[Sentry Issue Created] TypeError: Cannot read properties of undefined (reading 'map') (WEB-1A)");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(event.references()).containsExactly(
        SourceReference.of(SourceReference.PROJECT, "web"),
        SourceReference.of(SourceReference.ISSUE, "WEB-1A", "https://acme.sentry.example.test/issues/1170820242/"),
        SourceReference.of("culprit", "app/routes/index.tsx in loader"),
        SourceReference.of(SourceReference.ASSIGNEE, "ada@example.test"),
        SourceReference.of(SourceReference.RELEASE, "web@1.4.2"));
  }

  @Test
  void anIssueWithoutAPageStillNamesItsShortId() {
    String body = "{\"action\":\"resolved\",\"actor\":{\"type\":\"application\",\"id\":\"sentry\",\"name\":\"Sentry\"},"
        + "\"data\":{\"issue\":{\"id\":\"2201\",\"shortId\":\"API-7\",\"title\":\"KeyError: 'plan'\",\"culprit\":\"billing.charge\","
        + "\"permalink\":null,\"status\":\"resolved\",\"firstSeen\":\"2026-11-02T10:00:00.120000Z\","
        + "\"lastSeen\":\"2026-11-03T11:00:00.450000Z\",\"project\":{\"id\":\"7\",\"slug\":\"api\"},\"assignedTo\":null}},"
        + "\"installation\":{\"uuid\":\"0b4e3c52-1111-4a2b-9c3d-5e6f7a8b9c0d\"}}";

    SourceEvent event = SentryWebhooks.transform("issue", body.getBytes(StandardCharsets.UTF_8), DELIVERY).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("sentry-issue:2201:resolved");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-03T11:00:00.450Z"));
    assertThat(event.references()).containsExactly(
        SourceReference.of(SourceReference.PROJECT, "api"),
        SourceReference.of(SourceReference.ISSUE, "API-7", null),
        SourceReference.of("culprit", "billing.charge"));
  }

  @Test
  void archivedAndIgnoredAreTheSameAction() {
    SourceEvent archived = SentryWebhooks.transform("issue", bytes(issue("ignored").toWebhook(true)), DELIVERY).orElseThrow();
    SourceEvent ignored = SentryWebhooks.transform("issue", bytes(issue("ignored").toWebhook(false)), DELIVERY).orElseThrow();

    assertThat(archived.sourceId()).isEqualTo(ignored.sourceId()).isEqualTo("sentry-issue:1170820242:ignored");
    assertThat(archived.occurredAt()).isEqualTo(Instant.parse("2026-11-20T09:30:00Z"));
  }

  @Test
  void errorEventAlertAndMetricAlertHaveSourceIdsOfTheirOwn() {
    String error = "{\"action\":\"created\",\"data\":{\"error\":{\"event_id\":\"a1b2\",\"title\":\"Boom\",\"datetime\":\"2026-11-20T10:00:00Z\","
        + "\"web_url\":\"https://acme.sentry.example.test/e/a1b2\",\"issue_id\":\"99\",\"release\":\"web@1\"}},\"actor\":{\"type\":\"application\",\"id\":\"sentry\",\"name\":\"Sentry\"}}";
    String alert = "{\"action\":\"triggered\",\"data\":{\"event\":{\"event_id\":\"c3d4\",\"title\":\"Boom\",\"issue_id\":\"99\"},"
        + "\"triggered_rule\":\"Page on-call\"}}";
    String metric = "{\"action\":\"critical\",\"data\":{\"metric_alert\":{\"id\":\"321\",\"date_started\":\"2026-11-20T11:00:00Z\","
        + "\"alert_rule\":{\"name\":\"p95 latency\"}},\"description_title\":\"Critical: p95 latency above 2s\",\"description_text\":\"2.4s\","
        + "\"web_url\":\"https://acme.sentry.example.test/alerts/321\"}}";

    SourceEvent errorEvent = SentryWebhooks.transform("error", bytes(error), DELIVERY).orElseThrow();
    SourceEvent alertEvent = SentryWebhooks.transform("event_alert", bytes(alert), DELIVERY).orElseThrow();
    SourceEvent metricEvent = SentryWebhooks.transform("metric_alert", bytes(metric), DELIVERY).orElseThrow();

    assertThat(errorEvent.sourceId()).isEqualTo("sentry-error:a1b2");
    assertThat(errorEvent.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    assertThat(alertEvent.sourceId()).isEqualTo("sentry-event-alert:c3d4:Page on-call");
    assertThat(alertEvent.references()).contains(SourceReference.of(SourceReference.ISSUE, "99"));
    assertThat(metricEvent.sourceId()).isEqualTo("sentry-metric-alert:321:critical");
    assertThat(metricEvent.title()).isEqualTo("[Sentry Metric Alert Critical] Critical: p95 latency above 2s");
  }

  @Test
  void otherResourcesAreNotHandledAndBrokenBodiesAreTyped() {
    assertThat(SentryWebhooks.transform("installation", bytes("{\"action\":\"created\"}"), DELIVERY)).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> SentryWebhooks.transform("issue", bytes("{\"action\":\"created\",\"data\":{}}"), DELIVERY))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("'issue'");
    assertThatThrownBy(() -> SentryWebhooks.transform("issue", bytes("nope"), DELIVERY)).isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void verifiesTheSha256SignatureAndTheTimestamp() {
    byte[] body = bytes("{\"action\":\"created\"}");
    String signature = HmacSignatures.sign("HmacSHA256", "client-secret", body);
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    String fresh = Long.toString(now.getEpochSecond() - 20);
    Duration tolerance = SentryWebhooks.DEFAULT_TOLERANCE;

    assertThat(SentryWebhooks.verify(body, signature, fresh, "client-secret", now, tolerance)).isTrue();
    assertThat(SentryWebhooks.verify(body, signature, fresh + ".25", "client-secret", now, tolerance)).isTrue();
    assertThat(SentryWebhooks.verify(body, signature, fresh, "other", now, tolerance)).isFalse();
    assertThat(SentryWebhooks.verify(bytes("{}"), signature, fresh, "client-secret", now, tolerance)).isFalse();
    for (String stale : new String[] {null, "", "yesterday", Long.toString(now.getEpochSecond() - 301), "1e30", "-1e30",
        "99999999999999999999999999"}) {
      assertThat(SentryWebhooks.verify(body, signature, stale, "client-secret", now, tolerance)).as(String.valueOf(stale)).isFalse();
    }
    assertThatThrownBy(() -> SentryWebhooks.verify(body, signature, fresh, "", now, tolerance))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret is empty");
  }
}
