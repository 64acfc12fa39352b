package dev.backfill.bench;

import dev.backfill.core.IngestionSource;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A connector without I/O that generates {@code pages} pages of {@code pageSize} events, to measure the runner alone. */
final class SyntheticConnector implements BackfillConnector {
  private static final SourceActor ACTOR = SourceActor.of("1", "bench");

  private final long pages;
  private final int pageSize;

  SyntheticConnector(long pages, int pageSize) {
    this.pages = pages;
    this.pageSize = pageSize;
  }

  @Override
  public String providerId() {
    return "synthetic";
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of("item");
  }

  @Override
  public SettingsSpec settings() {
    return SettingsSpec.of();
  }

  @Override
  public HttpProfile httpProfile(Settings settings) {
    return HttpProfile.builder().provider("synthetic").apiBase(URI.create("http://localhost:9")).build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    return List.of(Resource.of("bench"));
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    long page = request.cursor().map(cursor -> Long.parseLong(cursor.value())).orElse(0L);
    List<SourceEvent> events = new ArrayList<>(pageSize);
    for (int i = 0; i < pageSize; i++) {
      String sourceId = "item:bench#" + (page * pageSize + i) + ":opened";
      events.add(SourceEvent.builder()
          .source("synthetic")
          .sourceType("item")
          .sourceId(sourceId)
          .title("Synthetic item " + i)
          .actor(ACTOR)
          .occurredAt(request.window().until())
          .addReferences(SourceReference.of(SourceReference.BRANCH, "main"))
          .deliveryId("backfill:" + sourceId)
          .ingestionSource(IngestionSource.BACKFILL)
          .build());
    }
    Page.Builder result = Page.builder().events(events).itemsSeen(pageSize);
    if (page + 1 < pages) {
      result.nextCursor(PageCursor.of(Long.toString(page + 1)));
    }
    return result.build();
  }
}
