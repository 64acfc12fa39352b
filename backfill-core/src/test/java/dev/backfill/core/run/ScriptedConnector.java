package dev.backfill.core.run;

import dev.backfill.core.IngestionSource;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.CommonSettings;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageEstimate;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A connector without HTTP whose pages are generated: each (resource, entity type) has {@code
 * pages} pages of {@code pageSize} events, with cursors {@code p2}, {@code p3}, ... A hook can
 * replace any page with a failure, a delay or a different page.
 */
public class ScriptedConnector implements BackfillConnector {
  final List<String> resources = new CopyOnWriteArrayList<>(List.of("r1"));
  volatile int pages = 3;
  volatile int pageSize = 2;
  volatile Function<PageRequest, Page> hook = request -> null;
  final List<PageRequest> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final Map<String, Integer> estimates = new ConcurrentHashMap<>();
  static final Setting<URI> BASE_URL = CommonSettings.baseUrl("http://localhost:1");
  /** The context of the page being fetched, for hooks that call the provider. */
  final ThreadLocal<ConnectorContext> lastContext = new ThreadLocal<>();

  @Override
  public String providerId() {
    return "scripted";
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of("alpha", "beta");
  }

  @Override
  public List<String> defaultEntityTypes() {
    return List.of("alpha");
  }

  @Override
  public SettingsSpec settings() {
    return SettingsSpec.of(BASE_URL);
  }

  @Override
  public HttpProfile httpProfile(Settings settings) {
    return HttpProfile.builder().provider("scripted").apiBase(settings.get(BASE_URL)).build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<Resource> list = new ArrayList<>();
    resources.forEach(id -> list.add(Resource.of(id)));
    return list;
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    requests.add(request);
    lastContext.set(context);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Page replaced = hook.apply(request);
      return replaced != null ? replaced : scripted(context, request);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The page the script holds for {@code request} when no hook replaced it; subclasses script other lists. */
  Page scripted(ConnectorContext context, PageRequest request) {
    int page = request.cursor().map(c -> Integer.parseInt(c.value().substring(1))).orElse(1);
    return page(request, page);
  }

  /** Holds the request in flight a little, as a provider's latency would. */
  static void latency(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  @Override
  public Optional<PageEstimate> estimate(ConnectorContext context, PageRequest request) {
    Integer estimate = estimates.get(request.resource().id());
    if (estimate != null && estimate < 0) {
      context.http().get(context.http().resolve("count"));
      return Optional.of(PageEstimate.of(pages, true));
    }
    return Optional.ofNullable(estimate).map(pages -> PageEstimate.of(pages, true));
  }

  Page page(PageRequest request, int page) {
    List<SourceEvent> events = new ArrayList<>();
    for (int i = 0; i < pageSize; i++) {
      events.add(event(sourceId(request.resource().id(), request.entityType(), page, i), request.window().until()));
    }
    var builder = Page.builder().events(events).itemsSeen(pageSize).estimatedTotalPages(pages);
    if (page < pages) {
      builder.nextCursor(PageCursor.of("p" + (page + 1)));
    }
    return builder.build();
  }

  static String sourceId(String resource, String entityType, int page, int item) {
    return entityType + ":" + resource + "#" + page + "-" + item;
  }

  Set<String> expected(String entityType) {
    Set<String> ids = new HashSet<>();
    for (String resource : resources) {
      for (int page = 1; page <= pages; page++) {
        for (int i = 0; i < pageSize; i++) {
          ids.add(sourceId(resource, entityType, page, i));
        }
      }
    }
    return ids;
  }

  static SourceEvent event(String sourceId, Instant at) {
    return SourceEvent.builder()
        .source("scripted")
        .sourceType("item")
        .sourceId(sourceId)
        .title(sourceId)
        .actor(SourceActor.of("1", "bot"))
        .occurredAt(at)
        .deliveryId("backfill:" + sourceId)
        .ingestionSource(IngestionSource.BACKFILL)
        .build();
  }
}
