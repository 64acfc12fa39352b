package dev.backfill.core.run;

import dev.backfill.core.Connectors;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.PageEstimate;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.RateLimitStatus;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
  private final RunLifecycle lifecycle;
  private final Semaphore globalWorkers;
  /** Workers per connection, or 0 for the connection's request slots. */
  private final int workersPerConnection;
  private final Map<String, ConnectionWorkers> connectionWorkers = new HashMap<>();

  private Backfill(Builder builder) {
    this.lifecycle = new RunLifecycle(builder.connectors != null ? builder.connectors : Connectors.load(), builder.store,
        builder.httpSettings, builder.clock, Clock.systemUTC());
    this.globalWorkers = new Semaphore(builder.maxWorkers, true);
    this.workersPerConnection = builder.maxWorkersPerConnection;
  }

  /** Starts a runner, with the connectors ServiceLoader finds and checkpoints in memory unless told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** The connectors this runner knows. */
  public Connectors connectors() {
    return lifecycle.connectors();
  }

  /** The store this runner keeps checkpoints in. */
  public CheckpointStore checkpointStore() {
    return lifecycle.store();
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
    RunLifecycle.Prepared prepared = lifecycle.prepare(request);
    String connection = request.provider() + "\u0000" + request.connectionId();
    int connectionWorkers = workersPerConnection > 0 ? workersPerConnection : prepared.requestSlots();
    List<Semaphore> permits = List.of(joinConnection(connection, connectionWorkers), globalWorkers);
    RunExecution run = new RunExecution(lifecycle, prepared, lifecycle.window(request), sink, listener, permits,
        () -> leaveConnection(connection));
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
   * cheap page count per range a (resource, entity type) still has to fetch (its segment in
   * progress and the parts of the requested range it has not covered; none when it covered them
   * all), and compares the sum with the budget the provider announced on the way.
   */
  public BackfillEstimate estimate(BackfillRequest request) {
    RunLifecycle.Prepared prepared = lifecycle.prepare(request);
    Window window = lifecycle.window(request);
    WorkContext listing = lifecycle.context(prepared, RunLifecycle.resourcesKey(request), BackfillListener.NONE);
    List<WorkEstimate> works = new ArrayList<>();
    long requests = 0;
    for (Resource resource : lifecycle.resources(prepared, listing)) {
      for (String entityType : prepared.entityTypes) {
        CheckpointKey key = prepared.key(resource.id(), entityType);
        WorkContext context = lifecycle.context(prepared, key, BackfillListener.NONE);
        List<Window> pending = lifecycle.pending(key, window);
        Optional<PageEstimate> pages = Optional.of(PageEstimate.of(0, true));
        for (Window range : pending) {
          PageRequest first = PageRequest.builder().resource(resource).entityType(entityType).window(range).pageNumber(1).build();
          Optional<PageEstimate> part = prepared.connector.estimate(context, first);
          pages = pages.flatMap(sum -> part.map(more -> PageEstimate.of(sum.pages() + more.pages(), sum.exact() && more.exact())));
        }
        works.add(WorkEstimate.builder().key(key).pages(pages).ranges(pending).build());
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

  /** How many connections have a run going now; each keeps its worker limit only while it has one. */
  int connectionsRunning() {
    synchronized (connectionWorkers) {
      return connectionWorkers.size();
    }
  }

  private Semaphore joinConnection(String connection, int limit) {
    synchronized (connectionWorkers) {
      ConnectionWorkers workers = connectionWorkers.computeIfAbsent(connection,
          ignored -> new ConnectionWorkers(new Semaphore(limit, true)));
      workers.runs++;
      return workers.permits;
    }
  }

  private void leaveConnection(String connection) {
    synchronized (connectionWorkers) {
      ConnectionWorkers workers = connectionWorkers.get(connection);
      if (--workers.runs == 0) {
        connectionWorkers.remove(connection);
      }
    }
  }

  /** The worker limit of one connection, shared by its runs going at the same time. */
  private static final class ConnectionWorkers {
    final Semaphore permits;
    int runs;

    ConnectionWorkers(Semaphore permits) {
      this.permits = permits;
    }
  }

  /** Configures a {@link Backfill}; every option has a default. */
  public static final class Builder {
    private Connectors connectors;
    private CheckpointStore store = new InMemoryCheckpointStore();
    private Clock clock = Clock.systemUTC();
    private HttpSettings httpSettings = HttpSettings.defaults();
    private int maxWorkers = 16;
    private int maxWorkersPerConnection;

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

    /**
     * How many workers of one connection may run at once across runs; by default as many as the
     * connection may have requests in flight (its {@code maxConcurrentRequests}, or 4).
     */
    public Builder maxWorkersPerConnection(int maxWorkersPerConnection) {
      if (maxWorkersPerConnection < 1) {
        throw new IllegalArgumentException("maxWorkersPerConnection must be at least 1, got " + maxWorkersPerConnection);
      }
      this.maxWorkersPerConnection = maxWorkersPerConnection;
      return this;
    }

    /** The runner. */
    public Backfill build() {
      return new Backfill(this);
    }
  }
}
