package dev.backfill.core.sink;

import dev.backfill.core.IngestionSource;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.state.CheckpointKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Small event fixtures for sink tests. */
final class Events {
  static final CheckpointKey KEY = CheckpointKey.of("github", "conn-1", "acme/api", "issue");

  private Events() {}

  static SourceEvent event(String sourceId) {
    return SourceEvent.builder()
        .source("github")
        .sourceType("issue")
        .sourceId(sourceId)
        .title("Issue " + sourceId)
        .actor(SourceActor.of("1", "octocat"))
        .occurredAt(Instant.parse("2026-11-01T00:00:00Z"))
        .deliveryId("backfill:" + sourceId)
        .ingestionSource(IngestionSource.BACKFILL)
        .build();
  }

  static EventBatch batch(long page, String... sourceIds) {
    return EventBatch.of(KEY, page, Arrays.stream(sourceIds).map(Events::event).collect(Collectors.toList()));
  }

  static List<String> sourceIds(List<SourceEvent> events) {
    return events.stream().map(SourceEvent::sourceId).collect(Collectors.toList());
  }
}
