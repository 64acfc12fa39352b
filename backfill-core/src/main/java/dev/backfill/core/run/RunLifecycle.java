package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.internal.ProviderHttpClient;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.Coverage;
import dev.backfill.core.state.WorkCounts;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The steps of a run that the core runner ({@link Backfill}, a thread per work) and a host that
 * keeps the page loop itself ({@link PageStepper}, Temporal) share: prepare a request, fix its
 * window, list its resources, begin a work (resume it or start it), step it page by page, and the
 * HTTP client of a connection. Thread-safe.
 *
 * <p>Steps of one connection share one HTTP client (its budget, ceiling and in-flight limit) per
 * provider, connection id and settings, so a changed setting gets a client of its own at the next
 * page; each step hands the client the request's credential provider, so a rotated credential is
 * used at the next page too. The most recently used {@value #MAX_CACHED_CLIENTS} clients are
 * kept; older ones are dropped, since a new one learns the budget from its first response.
 */
final class RunLifecycle {
  static final int MAX_CACHED_CLIENTS = 1024;

  private final Connectors connectors;
  private final CheckpointStore store;
  private final HttpSettings httpSettings;
  private final Clock clock;
  private final Clock httpClock;
  private final HttpClient httpClient;
  private final Map<List<Object>, ProviderHttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Object>, ProviderHttpClient> eldest) {
      return size() > MAX_CACHED_CLIENTS;
    }
  };

  /**
   * @param clock fixes windows and stamps checkpoints
   * @param httpClock judges rate-limit resets and waits: the system clock for a runner that
   *     sleeps, the host's own time for one that waits on durable timers
   */
  RunLifecycle(Connectors connectors, CheckpointStore store, HttpSettings httpSettings, Clock clock, Clock httpClock) {
    this.connectors = Objects.requireNonNull(connectors, "connectors");
    this.store = Objects.requireNonNull(store, "store");
    this.httpSettings = Objects.requireNonNull(httpSettings, "httpSettings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.httpClock = Objects.requireNonNull(httpClock, "httpClock");
    this.httpClient = ProviderHttpClient.newHttpClient(httpSettings);
  }

  Connectors connectors() {
    return connectors;
  }

  CheckpointStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  /** A request checked against its connector: the entity types it covers and the connection's HTTP client. */
  static final class Prepared {
    final BackfillRequest request;
    final BackfillConnector connector;
    final List<String> entityTypes;
    final Settings settings;
    final HttpProfile profile;
    final ProviderHttpClient http;

    private Prepared(BackfillRequest request, BackfillConnector connector, List<String> entityTypes, Settings settings,
        HttpProfile profile, ProviderHttpClient http) {
      this.request = request;
      this.connector = connector;
      this.entityTypes = entityTypes;
      this.settings = settings;
      this.profile = profile;
      this.http = http;
    }

    /** How many requests the connection may have in flight: its profile's limit, or {@link PageRequest#DEFAULT_MAX_PARTS}. */
    int requestSlots() {
      return profile.maxConcurrentRequests().orElse(PageRequest.DEFAULT_MAX_PARTS);
    }

    /** How many works of the run may run at once: the request's concurrency, or the connection's request slots. */
    int concurrency() {
      return request.concurrency().orElse(requestSlots());
    }

    CheckpointKey key(String resourceId, String entityType) {
      return CheckpointKey.of(request.provider(), request.connectionId(), resourceId, entityType);
    }
  }

  /**
   * @throws dev.backfill.core.error.UnknownProviderException when no connector serves the provider
   * @throws IllegalArgumentException when an entity type is not supported or the settings are
   *     invalid, listing every problem
   */
  Prepared prepare(BackfillRequest request) {
    BackfillConnector connector = connectors.get(request.provider());
    List<String> entityTypes = request.entityTypes().isEmpty() ? connector.defaultEntityTypes() : request.entityTypes();
    for (String entityType : entityTypes) {
      if (!connector.supportedEntityTypes().contains(entityType)) {
        throw new IllegalArgumentException("provider " + request.provider() + " has no entity type '" + entityType
            + "'; supported: " + String.join(", ", connector.supportedEntityTypes()));
      }
    }
    Settings settings;
    try {
      settings = connector.settings().parse(request.settings());
    } catch (IllegalArgumentException invalid) {
      throw new IllegalArgumentException(request.provider() + " " + invalid.getMessage(), invalid);
    }
    HttpProfile profile = connector.httpProfile(settings);
    if (!profile.provider().equals(connector.providerId())) {
      throw new BackfillException("connector " + connector.providerId() + " returned an HTTP profile for " + profile.provider());
    }
    return new Prepared(request, connector, List.copyOf(entityTypes), settings, profile, client(request, profile));
  }

  /**
   * The range {@code request} asks for: {@code [since, until)}, until the moment the run starts
   * unless given, since the depth back from until unless given; both rounded down to the second,
   * so a provider's whole-second filters lose nothing at the edge.
   */
  Window window(BackfillRequest request) {
    Instant until = request.until().orElse(clock.instant()).truncatedTo(ChronoUnit.SECONDS);
    Instant since = request.since().orElse(until.minus(request.depth().duration())).truncatedTo(ChronoUnit.SECONDS);
    if (!since.isBefore(until)) {
      throw new IllegalArgumentException("the requested range " + since + " .. " + until + " is empty");
    }
    return Window.of(since, until);
  }

  /**
   * The connection's resources, listed through {@code listing} (a context under {@link
   * #resourcesKey}), narrowed to the request's resource ids when it names any.
   */
  List<Resource> resources(Prepared prepared, WorkContext listing) {
    List<Resource> chosen = new ArrayList<>();
    for (Resource resource : prepared.connector.resources(listing)) {
      if (prepared.request.resourceIds().isEmpty() || prepared.request.resourceIds().contains(resource.id())) {
        chosen.add(resource);
      }
    }
    return chosen;
  }

  /** The key listing the connection's resources reports under. */
  static CheckpointKey resourcesKey(BackfillRequest request) {
    return CheckpointKey.of(request.provider(), request.connectionId(), "*", BackfillListener.RESOURCES);
  }

  /** A context that fetches one page at a time: for listings, estimates and steps of a workflow engine. */
  WorkContext context(Prepared prepared, CheckpointKey key, BackfillListener listener) {
    return new WorkContext(prepared.request.connectionId(), prepared.settings, clock, key, listener, prepared.http);
  }

  /**
   * The next segment of a work that {@code requested} asks for, saved as RUNNING: the stored segment
   * in progress, resumed with its range and cursor as they are; otherwise the newest part of
   * {@code requested} that the work has not covered, from its first page. When the work has
   * covered all of {@code requested}, its stored checkpoint as it is, COMPLETED.
   *
   * @throws dev.backfill.core.error.CheckpointCorruptedException when the stored one cannot be read
   */
  Checkpoint begin(CheckpointKey key, Window requested) {
    Optional<Checkpoint> stored = store.load(key);
    if (stored.isPresent() && stored.get().status() != BackfillStatus.COMPLETED) {
      Checkpoint resumed = Checkpoint.builder().from(stored.get()).status(BackfillStatus.RUNNING).updatedAt(clock.instant()).build();
      store.save(resumed);
      return resumed;
    }
    List<Window> covered = stored.map(Checkpoint::coveredRanges).orElse(List.of());
    List<Window> gaps = Coverage.gaps(requested, covered);
    if (gaps.isEmpty()) {
      return stored.orElseThrow();
    }
    Checkpoint start = Checkpoint.builder()
        .key(key)
        .covered(covered)
        .window(gaps.get(0))
        .status(BackfillStatus.RUNNING)
        .counts(stored.map(Checkpoint::counts).orElse(WorkCounts.zero()))
        .updatedAt(clock.instant())
        .build();
    store.save(start);
    return start;
  }

  /** The ranges {@link #begin} would hand out for {@code requested}, in order, without saving anything. */
  List<Window> pending(CheckpointKey key, Window requested) {
    Optional<Checkpoint> stored = store.load(key);
    List<Window> pending = new ArrayList<>();
    if (stored.isPresent() && stored.get().status() != BackfillStatus.COMPLETED) {
      pending.add(stored.get().window());
    }
    List<Window> covered = stored.map(Checkpoint::coveredRanges).orElse(List.of());
    for (Window gap : Coverage.gaps(requested, pending.isEmpty() ? covered : Coverage.merge(covered, pending.get(0)))) {
      pending.add(gap);
    }
    return pending;
  }

  /**
   * A step of one page at a time; while {@code parallelism} answers more than one, its connector may
   * split ranges into parts.
   */
  PageStep pageStep(Prepared prepared, Resource resource, CheckpointKey key, EventSink sink, BackfillListener listener,
      IntSupplier parallelism) {
    return new PageStep(prepared.connector, resource, key, context(prepared, key, listener), store, sink, listener, clock,
        prepared.request.limits(), parallelism);
  }

  /** How many connection clients are cached now; at most {@value #MAX_CACHED_CLIENTS}. */
  int cachedClients() {
    synchronized (clients) {
      return clients.size();
    }
  }

  private ProviderHttpClient client(BackfillRequest request, HttpProfile profile) {
    List<Object> key = List.of(request.provider(), request.connectionId(), request.settings());
    ProviderHttpClient client;
    synchronized (clients) {
      client = clients.computeIfAbsent(key, ignored ->
          new ProviderHttpClient(httpClient, profile, httpSettings, request.credentials(), request.connectionId(), httpClock));
    }
    client.useCredentials(request.credentials());
    return client;
  }
}
