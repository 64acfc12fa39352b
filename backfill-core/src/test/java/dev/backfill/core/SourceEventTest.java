package dev.backfill.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SourceEventTest {
  private final ObjectMapper mapper = BackfillJson.newMapper();

  static SourceEvent.Builder sample() {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("merged", true);
    metadata.putArray("labels").add("bug");
    return SourceEvent.builder()
        .source("github")
        .sourceType("pull_request")
        .sourceId("pr:acme/api#123:merged")
        .title("[PR Merged] Fix token refresh (#123)")
        .body("Refreshes the token before it expires.")
        .actor(SourceActor.builder().id("42").name("octocat").avatarUrl("https://avatars.example/42").build())
        .occurredAt(Instant.parse("2026-11-20T10:15:30Z"))
        .addReferences(SourceReference.of(SourceReference.BRANCH, "fix/token"))
        .addReferences(SourceReference.of(SourceReference.PULL_REQUEST, "#123", "https://example.test/pr/123"))
        .metadata(metadata)
        .deliveryId("backfill:pr:acme/api#123:merged")
        .ingestionSource(IngestionSource.BACKFILL);
  }

  @Test
  void roundTripsThroughJsonWithCamelCaseFields() throws Exception {
    SourceEvent event = sample().build();

    String json = mapper.writeValueAsString(event);
    SourceEvent read = mapper.readValue(json, SourceEvent.class);

    assertThat(read).isEqualTo(event);
    assertThat(mapper.readTree(json).fieldNames())
        .toIterable()
        .containsExactly(
            "source", "sourceType", "sourceId", "title", "body", "actor", "occurredAt",
            "references", "metadata", "deliveryId", "ingestionSource");
    assertThat(mapper.readTree(json).get("occurredAt").asText()).isEqualTo("2026-11-20T10:15:30Z");
    assertThat(mapper.readTree(json).get("actor").has("email")).isFalse();
    assertThat(mapper.readTree(json).get("metadata").get("merged").asBoolean()).isTrue();
  }

  @Test
  void metadataCannotBeChangedAfterBuilding() {
    ObjectNode given = JsonNodeFactory.instance.objectNode().put("additions", 3);
    SourceEvent event = sample().metadata(given).build();

    given.put("additions", 99);
    event.metadata().put("deletions", 1);

    assertThat(event.metadata().get("additions").asInt()).isEqualTo(3);
    assertThat(event.metadata().has("deletions")).isFalse();
  }

  @Test
  void missingRequiredFieldIsNamed() {
    assertThatThrownBy(() -> SourceEvent.builder().source("github").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sourceId");
  }

  @Property
  void titlesAreCutToTheLimitWithAnEllipsis(@ForAll @StringLength(max = 400) String title) {
    SourceEvent event = sample().title(title).build();

    int length = event.title().codePointCount(0, event.title().length());
    assertThat(length).isLessThanOrEqualTo(SourceEvent.MAX_TITLE_LENGTH);
    if (title.codePointCount(0, title.length()) <= SourceEvent.MAX_TITLE_LENGTH) {
      assertThat(event.title()).isEqualTo(title);
    } else {
      assertThat(event.title()).endsWith("\u2026");
      assertThat(title).startsWith(event.title().substring(0, event.title().length() - 1));
      assertThat(length).isEqualTo(SourceEvent.MAX_TITLE_LENGTH);
    }
  }

  @Test
  void cutNeverSplitsASurrogatePair() {
    String title = "x".repeat(118) + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00";

    String cut = sample().title(title).build().title();

    assertThat(cut).isEqualTo("x".repeat(118) + "\uD83D\uDE00\u2026");
  }

  @Test
  void backfillDeliveryIdDerivesFromSourceId() {
    TransformContext backfill = TransformContext.backfill(Instant.EPOCH);
    TransformContext webhook = TransformContext.webhook("guid-1", Instant.EPOCH);

    assertThat(backfill.deliveryIdFor("issue:acme/api#4:closed")).isEqualTo("backfill:issue:acme/api#4:closed");
    assertThat(webhook.deliveryIdFor("issue:acme/api#4:closed")).isEqualTo("guid-1");
  }

  @Test
  void eventsStartedFromAContextCarryItsDeliveryIdentity() {
    SourceEvent backfilled = TransformContext.backfill(Instant.EPOCH).event("github", "issue", "issue:acme/api#4:closed")
        .title("t").actor(SourceActor.of("1", "octo")).occurredAt(Instant.EPOCH).build();
    SourceEvent delivered = TransformContext.webhook("guid-1", Instant.EPOCH).event("github", "issue", "issue:acme/api#4:closed")
        .title("t").actor(SourceActor.of("1", "octo")).occurredAt(Instant.EPOCH).build();

    assertThat(backfilled.source()).isEqualTo("github");
    assertThat(backfilled.sourceType()).isEqualTo("issue");
    assertThat(backfilled.sourceId()).isEqualTo("issue:acme/api#4:closed");
    assertThat(backfilled.deliveryId()).isEqualTo("backfill:issue:acme/api#4:closed");
    assertThat(backfilled.ingestionSource()).isEqualTo(IngestionSource.BACKFILL);
    assertThat(delivered.deliveryId()).isEqualTo("guid-1");
    assertThat(delivered.ingestionSource()).isEqualTo(IngestionSource.WEBHOOK);
  }

  @Test
  void transformContextRoundTrips() throws Exception {
    TransformContext context = TransformContext.webhook("guid-1", Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(mapper.readValue(mapper.writeValueAsString(context), TransformContext.class)).isEqualTo(context);
  }
}
