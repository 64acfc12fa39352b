package dev.backfill.core.run;

import dev.backfill.core.Connectors;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.internal.ProviderHttpClient;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.RateLimitStatus;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Runs backfills: fixes the window, works through every (resource, entity type) with resumable
 * checkpoints, and streams each page's events to an {@link EventSink}. One instance serves many
 * runs at once; its limits on concurrent workers hold across all of them (globally and per
 * connection), so many connections backfilled together cannot starve each other. Thread-safe.
 *
 * <pre>{@code
 * Backfill backfill = Backfill.builder().checkpointStore(new FileCheckpointStore(dir)).build();
 * BackfillResult result = backfill.run(request, sink);
 * }</pre>
 */
public final class Backfill {
  private final Connectors connectors;
  private final CheckpointStore store;
  private final Clock clock;
  private final HttpSettings httpSettings;
  private final HttpClient httpClient;
  private final Semaphore globalWorkers;
  private final int workersPerConnection;
  private final ConcurrentMap<String, Semaphore> connectionWorkers = new ConcurrentHashMap<>();

  private Backfill(Builder builder) {
    this.connectors = builder.connectors != null ? builder.connectors : Connectors.load();
    this.store = builder.store;
    this.clock = builder.clock;
    this.httpSettings = builder.httpSettings;
    this.httpClient = ProviderHttpClient.newHttpClient(httpSettings);
    this.globalWorkers = new Semaphore(builder.maxWorkers, true);
    this.workersPerConnection = builder.maxWorkersPerConnection;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The connectors this runner knows. */
  public Connectors connectors() {
    return connectors;
  }

  /** The store this runner keeps checkpoints in. */
  public CheckpointStore checkpointStore() {
    return store;
  }

  /**
   * Starts a run in the background and returns its handle at once.
   *
   * @throws dev.backfill.core.error.UnknownProviderException when no connector serves the provider
   * @throws IllegalArgumentException when an entity type is not supported or the settings are invalid
   */
  public BackfillHandle start(BackfillRequest request, EventSink sink, BackfillListener listener) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(listener, "listener");
    Prepared prepared = prepare(request);
    List<Semaphore> permits = List.of(
        connectionWorkers.computeIfAbsent(request.provider() + "\u0000" + request.connectionId(),
            key -> new Semaphore(workersPerConnection, true)),
        globalWorkers);
    RunExecution run = new RunExecution(prepared.connector, request, prepared.entityTypes, prepared.window,
        prepared.http, store, sink, listener, permits, clock);
    run.start();
    return run;
  }

  /** Starts a run without a listener. */
  public BackfillHandle start(BackfillRequest request, EventSink sink) {
    return start(request, sink, BackfillListener.NONE);
  }

  /** Runs to the end on background threads and returns the result. */
  public BackfillResult run(BackfillRequest request, EventSink sink) {
    return start(request, sink).await();
  }

  /**
   * Estimates a run without fetching its data: lists the resources, asks the connector for one
   * cheap page count per (resource, entity type), and compares the sum with the budget the provider
   * announced on the way.
   */
  public BackfillEstimate estimate(BackfillRequest request) {
    Prepared prepared = prepare(request);
    CheckpointKey resourcesKey = CheckpointKey.of(request.provider(), request.connectionId(), "*", BackfillListener.RESOURCES);
    WorkContext listing = new WorkContext(request.connectionId(), request.settings(), clock, resourcesKey,
        BackfillListener.NONE, prepared.http);
    List<WorkEstimate> works = new ArrayList<>();
    long requests = 0;
    for (Resource resource : prepared.connector.resources(listing)) {
      if (!request.resourceIds().isEmpty() && !request.resourceIds().contains(resource.id())) {
        continue;
      }
      for (String entityType : prepared.entityTypes) {
        CheckpointKey key = CheckpointKey.of(request.provider(), request.connectionId(), resource.id(), entityType);
        WorkContext context = new WorkContext(request.connectionId(), request.settings(), clock, key,
            BackfillListener.NONE, prepared.http);
        PageRequest first = PageRequest.builder()
            .resource(resource).entityType(entityType).window(prepared.window).pageNumber(1).build();
        works.add(WorkEstimate.of(key, prepared.connector.estimate(context, first)));
        requests += context.requests();
      }
    }
    requests += listing.requests();
    Optional<RateLimitStatus> budget = prepared.http.lastRateLimit();
    return BackfillEstimate.builder()
        .works(works)
        .requestsUsed(requests)
        .remainingBudget(budget.map(RateLimitStatus::remaining).orElse(OptionalLong.empty()))
        .budgetResetsAt(budget.flatMap(RateLimitStatus::resetAt))
        .reserve(prepared.profile.rateLimitPolicy().reserve())
        .build();
  }

  private Prepared prepare(BackfillRequest request) {
    BackfillConnector connector = connectors.get(request.provider());
    List<String> entityTypes = request.entityTypes().isEmpty() ? connector.defaultEntityTypes() : request.entityTypes();
    for (String entityType : entityTypes) {
      if (!connector.supportedEntityTypes().contains(entityType)) {
        throw new IllegalArgumentException("provider " + request.provider() + " has no entity type '" + entityType
            + "'; supported: " + String.join(", ", connector.supportedEntityTypes()));
      }
    }
    HttpProfile profile = connector.httpProfile(request.settings());
    if (!profile.provider().equals(connector.providerId())) {
      throw new BackfillException("connector " + connector.providerId() + " returned an HTTP profile for " + profile.provider());
    }
    Instant now = clock.instant();
    Window window = Window.of(now.minus(request.depth().duration()), now);
    ProviderHttpClient http = new ProviderHttpClient(httpClient, profile, httpSettings, request.credentials(),
        request.connectionId(), Clock.systemUTC());
    return new Prepared(connector, List.copyOf(entityTypes), window, profile, http);
  }

  private static final class Prepared {
    final BackfillConnector connector;
    final List<String> entityTypes;
    final Window window;
    final HttpProfile profile;
    final ProviderHttpClient http;

    Prepared(BackfillConnector connector, List<String> entityTypes, Window window, HttpProfile profile, ProviderHttpClient http) {
      this.connector = connector;
      this.entityTypes = entityTypes;
      this.window = window;
      this.profile = profile;
      this.http = http;
    }
  }

  /** Configures a {@link Backfill}; every option has a default. */
  public static final class Builder {
    private Connectors connectors;
    private CheckpointStore store = new InMemoryCheckpointStore();
    private Clock clock = Clock.systemUTC();
    private HttpSettings httpSettings = HttpSettings.defaults();
    private int maxWorkers = 16;
    private int maxWorkersPerConnection = 4;

    private Builder() {}

    /** The connectors to use; by default every connector {@link Connectors#load()} finds. */
    public Builder connectors(Connectors connectors) {
      this.connectors = Objects.requireNonNull(connectors, "connectors");
      return this;
    }

    /** Where checkpoints live; in memory by default, which forgets them when the JVM ends. */
    public Builder checkpointStore(CheckpointStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock that fixes windows and stamps checkpoints; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Retry, timeout and rate-limit wait settings for every provider. */
    public Builder httpSettings(HttpSettings httpSettings) {
      this.httpSettings = Objects.requireNonNull(httpSettings, "httpSettings");
      return this;
    }

    /** How many workers may run at once across all runs of this runner; 16 by default. */
    public Builder maxWorkers(int maxWorkers) {
      if (maxWorkers < 1) {
        throw new IllegalArgumentException("maxWorkers must be at least 1, got " + maxWorkers);
      }
      this.maxWorkers = maxWorkers;
      return this;
    }

    /** How many workers of one connection may run at once across runs; 4 by default. */
    public Builder maxWorkersPerConnection(int maxWorkersPerConnection) {
      if (maxWorkersPerConnection < 1) {
        throw new IllegalArgumentException("maxWorkersPerConnection must be at least 1, got " + maxWorkersPerConnection);
      }
      this.maxWorkersPerConnection = maxWorkersPerConnection;
      return this;
    }

    public Backfill build() {
      return new Backfill(this);
    }
  }
}
