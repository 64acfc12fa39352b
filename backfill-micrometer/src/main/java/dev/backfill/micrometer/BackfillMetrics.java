package dev.backfill.micrometer;

import dev.backfill.core.run.BackfillListener;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.spi.RateLimitStatus;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.state.CheckpointKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BackfillListener} that publishes what runs do to a Micrometer {@link MeterRegistry}.
 * Pass it to {@code Backfill.start(request, sink, listener)}; one instance serves any number of
 * runs and connections at once.
 *
 * <p>Every meter is tagged {@code provider}; those about a work also {@code entity.type}. The
 * connection id is a tag ({@code connection}) only when {@link Builder#tagConnectionId} asks for
 * it, because a host with many connections would otherwise grow one time series per connection.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>What it counts</th></tr>
 *   <tr><td>{@value #PAGES}</td><td>counter</td><td>pages fetched</td></tr>
 *   <tr><td>{@value #EVENTS}</td><td>counter</td><td>events the sink accepted</td></tr>
 *   <tr><td>{@value #SKIPPED_ITEMS}</td><td>counter</td><td>list items skipped as malformed</td></tr>
 *   <tr><td>{@value #REQUESTS}</td><td>counter</td><td>requests sent, tagged {@code outcome}: the
 *       status class ({@code 2xx} .. {@code 5xx}) or {@code no_response}</td></tr>
 *   <tr><td>{@value #REQUESTS_ACTIVE}</td><td>gauge</td><td>requests in flight</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>failed requests that will be retried</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_WAITS}</td><td>timer</td><td>pauses for the provider's budget, a
 *       throttle or the client ceiling: how many, and for how long each was planned</td></tr>
 *   <tr><td>{@value #WORKS}</td><td>counter</td><td>works ended, tagged {@code status}
 *       ({@code completed}, {@code failed}, {@code cancelled})</td></tr>
 *   <tr><td>{@value #BUDGET_REMAINING}</td><td>gauge</td><td>requests the provider last said are
 *       left in its period (tagged {@code provider}, and {@code connection} when asked)</td></tr>
 * </table>
 */
public final class BackfillMetrics implements BackfillListener {
  /** Pages fetched. */
  public static final String PAGES = "backfill.pages";
  /** Events the sink accepted. */
  public static final String EVENTS = "backfill.events";
  /** List items skipped as malformed. */
  public static final String SKIPPED_ITEMS = "backfill.items.skipped";
  /** Requests sent, by outcome. */
  public static final String REQUESTS = "backfill.requests";
  /** Requests in flight. */
  public static final String REQUESTS_ACTIVE = "backfill.requests.active";
  /** Failed requests that will be retried. */
  public static final String RETRIES = "backfill.retries";
  /** Pauses for a rate limit. */
  public static final String RATE_LIMIT_WAITS = "backfill.rate.limit.waits";
  /** Works ended, by status. */
  public static final String WORKS = "backfill.works";
  /** The provider's remaining request budget. */
  public static final String BUDGET_REMAINING = "backfill.budget.remaining";

  private final MeterRegistry registry;
  private final Tags commonTags;
  private final boolean tagConnectionId;
  private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();
  private final Map<Tags, AtomicLong> remaining = new ConcurrentHashMap<>();

  private BackfillMetrics(Builder builder) {
    this.registry = builder.registry;
    this.commonTags = builder.tags;
    this.tagConnectionId = builder.tagConnectionId;
  }

  /** Metrics published to {@code registry}, tagged by provider and entity type. */
  public static BackfillMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** Starts metrics published to {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, OptionalLong estimatedTotalPages) {
    Counter.builder(PAGES).description("Pages fetched").tags(workTags(key)).register(registry).increment();
  }

  @Override
  public void eventsDispatched(CheckpointKey key, long pageNumber, int events) {
    Counter.builder(EVENTS).description("Events the sink accepted").tags(workTags(key)).register(registry).increment(events);
  }

  @Override
  public void itemSkipped(CheckpointKey key, SkippedItem item) {
    Counter.builder(SKIPPED_ITEMS).description("List items skipped as malformed").tags(workTags(key))
        .register(registry).increment();
  }

  @Override
  public void requestSent(CheckpointKey key) {
    active.computeIfAbsent(workTags(key), this::activeGauge).incrementAndGet();
  }

  @Override
  public void requestEnded(CheckpointKey key, OptionalInt status) {
    Tags tags = workTags(key);
    active.computeIfAbsent(tags, this::activeGauge).decrementAndGet();
    String outcome = status.isPresent() ? status.getAsInt() / 100 + "xx" : "no_response";
    Counter.builder(REQUESTS).description("Requests sent to the provider").tags(tags).tag("outcome", outcome)
        .register(registry).increment();
  }

  @Override
  public void budgetReported(CheckpointKey key, RateLimitStatus budget) {
    budget.remaining().ifPresent(left -> remaining.computeIfAbsent(connectionTags(key), this::budgetGauge).set(left));
  }

  @Override
  public void waitingForRateLimit(CheckpointKey key, Instant until, String reason) {
    long planned = Math.max(0, until.toEpochMilli() - registry.config().clock().wallTime());
    Timer.builder(RATE_LIMIT_WAITS).description("Pauses for the provider's budget, a throttle or the client ceiling")
        .tags(workTags(key)).register(registry).record(Duration.ofMillis(planned));
  }

  @Override
  public void retrying(CheckpointKey key, int failedAttempt, String reason, Duration delay) {
    Counter.builder(RETRIES).description("Failed requests that will be retried").tags(workTags(key))
        .register(registry).increment();
  }

  @Override
  public void workDone(WorkResult result) {
    Counter.builder(WORKS).description("Works ended, by status").tags(workTags(result.key()))
        .tag("status", result.status().name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  private AtomicInteger activeGauge(Tags tags) {
    AtomicInteger inFlight = new AtomicInteger();
    Gauge.builder(REQUESTS_ACTIVE, inFlight, AtomicInteger::get).description("Requests in flight").tags(tags)
        .strongReference(true).register(registry);
    return inFlight;
  }

  private AtomicLong budgetGauge(Tags tags) {
    AtomicLong left = new AtomicLong();
    Gauge.builder(BUDGET_REMAINING, left, AtomicLong::get).description("Requests the provider says are left in its period")
        .tags(tags).strongReference(true).register(registry);
    return left;
  }

  private Tags connectionTags(CheckpointKey key) {
    Tags tags = commonTags.and("provider", key.provider());
    return tagConnectionId ? tags.and("connection", key.connectionId()) : tags;
  }

  private Tags workTags(CheckpointKey key) {
    return connectionTags(key).and("entity.type", key.entityType());
  }

  /** Configures {@link BackfillMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private boolean tagConnectionId;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Tags added to every meter, such as the host's service name. */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(tags);
      return this;
    }

    /**
     * Whether meters carry the connection id as the {@code connection} tag (default false: one
     * time series per connection is more than most registries should hold).
     */
    public Builder tagConnectionId(boolean tagConnectionId) {
      this.tagConnectionId = tagConnectionId;
      return this;
    }

    /** The listener. */
    public BackfillMetrics build() {
      return new BackfillMetrics(this);
    }
  }
}
