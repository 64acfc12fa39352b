package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.internal.ProviderHttpClient;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Drives backfill work one page at a time, for hosts that keep the page loop themselves, such as a
 * durable workflow engine: {@link #plan} a run, {@link #begin} a (resource, entity type), {@link
 * #step} it page by page, {@link #end} it when it fails or is cancelled. Each step fetches through
 * the same HTTP plumbing as {@link Backfill}, hands the events to a sink and only then saves the
 * checkpoint. Thread-safe; the HTTP budget of a connection is shared by all its steps.
 */
public final class PageStepper {
  private final Connectors connectors;
  private final CheckpointStore store;
  private final HttpSettings httpSettings;
  private final Clock clock;
  private final HttpClient httpClient;
  private final ConcurrentMap<String, ProviderHttpClient> clients = new ConcurrentHashMap<>();

  private PageStepper(Connectors connectors, CheckpointStore store, HttpSettings httpSettings, Clock clock) {
    this.connectors = connectors;
    this.store = store;
    this.httpSettings = httpSettings;
    this.clock = clock;
    this.httpClient = ProviderHttpClient.newHttpClient(httpSettings);
  }

  /**
   * @param httpSettings with {@link HttpSettings#waitForRateLimits()} false, a step reports a
   *     needed wait as {@link dev.backfill.core.error.RateLimitExhaustedException} with the instant to
   *     resume at instead of sleeping
   * @param clock fixes windows and judges rate-limit resets; a workflow host passes its own time
   */
  public static PageStepper create(Connectors connectors, CheckpointStore store, HttpSettings httpSettings, Clock clock) {
    return new PageStepper(Objects.requireNonNull(connectors), Objects.requireNonNull(store),
        Objects.requireNonNull(httpSettings), Objects.requireNonNull(clock));
  }

  /** The resources (filtered by the request), entity types and the window of a new run. */
  public RunPlan plan(BackfillRequest request) {
    BackfillConnector connector = connector(request);
    List<String> entityTypes = request.entityTypes().isEmpty() ? connector.defaultEntityTypes() : request.entityTypes();
    for (String entityType : entityTypes) {
      if (!connector.supportedEntityTypes().contains(entityType)) {
        throw new IllegalArgumentException("provider " + request.provider() + " has no entity type '" + entityType
            + "'; supported: " + String.join(", ", connector.supportedEntityTypes()));
      }
    }
    CheckpointKey key = CheckpointKey.of(request.provider(), request.connectionId(), "*", BackfillListener.RESOURCES);
    List<Resource> resources = new ArrayList<>();
    for (Resource resource : connector.resources(context(request, key))) {
      if (request.resourceIds().isEmpty() || request.resourceIds().contains(resource.id())) {
        resources.add(resource);
      }
    }
    return RunPlan.builder()
        .resources(resources)
        .entityTypes(entityTypes)
        .window(Window.of(clock.instant().minus(request.depth().duration()), clock.instant()))
        .build();
  }

  /**
   * The checkpoint a (resource, entity type) continues from: its stored one (keeping its window),
   * marked running unless it completed, or a new one with {@code runWindow}.
   */
  public Checkpoint begin(BackfillRequest request, Resource resource, String entityType, Window runWindow) {
    CheckpointKey key = CheckpointKey.of(request.provider(), request.connectionId(), resource.id(), entityType);
    Optional<Checkpoint> stored = store.load(key);
    if (stored.isPresent() && stored.get().status() == BackfillStatus.COMPLETED) {
      return stored.get();
    }
    Checkpoint start = stored.isPresent()
        ? Checkpoint.builder().from(stored.get()).status(BackfillStatus.RUNNING).updatedAt(clock.instant()).build()
        : Checkpoint.builder().key(key).window(runWindow).status(BackfillStatus.RUNNING).updatedAt(clock.instant()).build();
    store.save(start);
    return start;
  }

  /**
   * Fetches the page after {@code checkpoint}, hands its events to {@code sink}, saves and returns
   * the next checkpoint (COMPLETED after the last page). A page whose next cursor is the one it
   * was fetched with fails with {@link dev.backfill.core.error.CursorLoopException}.
   *
   * @throws BackfillException when the page cannot be fetched or delivered; the stored checkpoint is unchanged
   */
  public Checkpoint step(BackfillRequest request, Resource resource, Checkpoint checkpoint, EventSink sink) {
    Set<PageCursor> seen = new HashSet<>();
    checkpoint.cursor().ifPresent(seen::add);
    PageStep step = pageStep(request, resource, checkpoint, sink);
    try {
      return step.next(checkpoint, seen, fetch -> fetch.get()).checkpoint;
    } catch (RuntimeException failure) {
      throw step.typed(failure);
    }
  }

  /** The stored checkpoint of {@code key}, if the work ever started. */
  public Optional<Checkpoint> checkpoint(CheckpointKey key) {
    return store.load(key);
  }

  /**
   * Saves the work as FAILED (with {@code error}) or CANCELLED, keeping its cursor at the last good
   * page. The stored checkpoint never moves back: when it holds a later page of the same window
   * than {@code checkpoint} (a step whose result the caller never saw, as when a cancellation
   * overtakes it), the work ends from the stored one, and a work that step completed stays
   * COMPLETED.
   */
  public Checkpoint end(BackfillRequest request, Resource resource, Checkpoint checkpoint, BackfillStatus status, BackfillException error) {
    if (status != BackfillStatus.FAILED && status != BackfillStatus.CANCELLED) {
      throw new IllegalArgumentException("a work ends FAILED or CANCELLED here, not " + status);
    }
    Checkpoint latest = store.load(checkpoint.key())
        .filter(stored -> stored.window().equals(checkpoint.window()) && stored.counts().pages() > checkpoint.counts().pages())
        .orElse(checkpoint);
    if (latest.status() == BackfillStatus.COMPLETED) {
      return latest;
    }
    return pageStep(request, resource, latest, batch -> {
      throw new IllegalStateException("ending a work delivers nothing");
    }).end(latest, status, error);
  }

  private PageStep pageStep(BackfillRequest request, Resource resource, Checkpoint checkpoint, EventSink sink) {
    return new PageStep(connector(request), resource, checkpoint.key(), context(request, checkpoint.key()), store, sink,
        BackfillListener.NONE, clock, request.limits());
  }

  private WorkContext context(BackfillRequest request, CheckpointKey key) {
    BackfillConnector connector = connector(request);
    ProviderHttpClient client = clients.computeIfAbsent(request.provider() + "\u0000" + request.connectionId(),
        ignored -> new ProviderHttpClient(httpClient, connector.httpProfile(request.settings()), httpSettings,
            request.credentials(), request.connectionId(), clock));
    return new WorkContext(request.connectionId(), request.settings(), clock, key, BackfillListener.NONE, client);
  }

  private BackfillConnector connector(BackfillRequest request) {
    return connectors.get(request.provider());
  }
}
