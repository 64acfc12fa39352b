package dev.backfill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.IngestionSource;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.CursorLoopException;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.EventBatch;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageEstimate;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every connector runs: extend it in a test class, point it at a connector
 * and a running fake provider (a testkit {@link FakeProvider}, a WireMock server or any fake that
 * answers over HTTP), and say which sourceIds a full run must emit.
 * It checks that a full run emits exactly that set, that the window is respected, that ranges
 * are honoured at both ends (a deeper re-run delivers exactly the older part, a later run exactly
 * what changed since, an explicit range exactly its slice, and a covered range nothing), that stopping
 * after every page k and resuming from the checkpoint (with a new connector instance, as after a
 * process restart) yields the same set with no gap, that a
 * repeating cursor ends with a clear error, that 5xx and 429 responses are retried, and that a 401
 * causes exactly one credential refresh.
 *
 * <p>The suite puts a proxy in front of the fake and points the connector at it through {@link
 * #settings(String)}: faults (5xx, 429, 401) are the proxy's answers to the next few requests,
 * after which it forwards to the fake again, rewriting the fake's origin in response headers such
 * as {@code Link} to its own.
 */
public abstract class ConnectorConformanceTest {
  /** The token the suite's credential provider hands out, numbered per refresh: {@code conformance-token-1}, ... */
  protected static final String TOKEN_PREFIX = "conformance-token-";

  /** The connector under test. */
  protected abstract BackfillConnector connector();

  /** The API base URL of the running fake, such as {@code http://localhost:8080} or {@code http://localhost:8080/api}. */
  protected abstract String baseUrl();

  /** Connection settings that point the connector at {@code baseUrl}: {@link #baseUrl()} with the suite's proxy in front. */
  protected abstract Map<String, String> settings(String baseUrl);

  private FaultProxy proxy;
  private String proxiedBaseUrl;

  @BeforeEach
  void startProxy() throws IOException {
    URI base = URI.create(baseUrl());
    String origin = base.getScheme() + "://" + base.getAuthority();
    proxy = new FaultProxy(origin);
    proxiedBaseUrl = proxy.origin() + baseUrl().substring(origin.length());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  /** The instant the fake's data is arranged around; the runner's clock stands still there. */
  protected abstract Instant now();

  /**
   * The sourceIds a run over exactly {@code range} must emit, no more and no fewer: what changed at
   * or after its since and before its until.
   */
  protected abstract Set<String> expectedSourceIds(Window range);

  /** The entity types the suite backfills; the connector's defaults unless overridden. */
  protected List<String> entityTypes() {
    return connector().defaultEntityTypes();
  }

  /** The most resume points the resume test tries (page 1, 2, ...), to bound its time. */
  protected int maxResumePoints() {
    return 25;
  }

  /** HTTP settings with short backoffs so fault tests run fast. */
  protected HttpSettings httpSettings() {
    return HttpSettings.builder()
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(50))
        .maxRateLimitWait(Duration.ofSeconds(10))
        .requestTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void fullRunEmitsExactlyTheExpectedSourceIds() {
    Run run = run(connector(), Depth.DAYS_30, new InMemoryCheckpointStore(), new RotatingCredentials());

    assertThat(run.result.status()).as(describe(run.result)).isEqualTo(BackfillStatus.COMPLETED);
    List<SourceEvent> events = run.sink.events();
    assertSameSourceIds(sourceIds(events), expected(Depth.DAYS_30), "a full run of depth 30");
    assertDeliveredOnce(events, "a full run of depth 30");
    assertThat(events).allSatisfy(event -> {
      assertThat(event.source()).isEqualTo(connector().providerId());
      assertThat(event.ingestionSource()).isEqualTo(IngestionSource.BACKFILL);
      assertThat(event.deliveryId()).isEqualTo("backfill:" + event.sourceId());
    });
  }

  @Test
  void windowIsRespected() {
    Run shallow = run(connector(), Depth.DAYS_7, new InMemoryCheckpointStore(), new RotatingCredentials());

    assertThat(shallow.result.status()).as(describe(shallow.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertSameSourceIds(sourceIds(shallow.sink.events()), expected(Depth.DAYS_7), "a run of depth 7");
    assertThat(expected(Depth.DAYS_7))
        .as("the fake must hold data older than 7 days for this test to mean anything")
        .isNotEqualTo(expected(Depth.DAYS_90));
  }

  @Test
  void aDeeperRerunDeliversExactlyTheOlderPart() {
    CheckpointStore store = new InMemoryCheckpointStore();
    Run first = run(connector(), Depth.DAYS_30, store, new RotatingCredentials());
    CountingConnector counting = new CountingConnector(connector());

    Run deeper = run(counting, Depth.DAYS_90, store, new RotatingCredentials());

    Window older = Window.of(back(Depth.DAYS_90, now()).since(), back(Depth.DAYS_30, now()).since());
    assertThat(first.result.status()).as(describe(first.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(deeper.result.status()).as(describe(deeper.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(expectedSourceIds(older)).as("the fake must hold data 30 to 90 days old for this test to mean anything").isNotEmpty();
    assertSameSourceIds(sourceIds(deeper.sink.events()), expectedSourceIds(older), "a depth-90 run after a depth-30 run");
    assertThat(counting.requests).as("every page of the deeper run asks for the older part only")
        .allSatisfy(request -> assertThat(request.window()).isEqualTo(older));
  }

  @Test
  void aRequestAlreadyCoveredDeliversNothingAndListsNothing() {
    CheckpointStore store = new InMemoryCheckpointStore();
    run(connector(), Depth.DAYS_30, store, new RotatingCredentials());
    CountingConnector counting = new CountingConnector(connector());

    Run again = run(counting, Depth.DAYS_30, store, new RotatingCredentials());
    Run inside = run(counting, Window.of(back(Depth.DAYS_30, now()).since().plus(Duration.ofDays(3)), now().minus(Duration.ofDays(2))), store);

    assertThat(again.result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(again.sink.events()).isEmpty();
    assertThat(inside.sink.events()).isEmpty();
    assertThat(again.result.works()).allSatisfy(work -> assertThat(work.fetched()).isEmpty());
    assertThat(counting.requests).as("pages fetched for ranges already covered").isEmpty();
  }

  @Test
  void aLaterRunDeliversExactlyWhatChangedSinceTheEarlierOne() {
    CheckpointStore store = new InMemoryCheckpointStore();
    Instant earlier = now().minus(Duration.ofDays(3));
    Window first = back(Depth.DAYS_30, earlier);
    run(connector(), first, store);

    Run later = run(connector(), Depth.DAYS_30, store, new RotatingCredentials());

    Window newer = Window.of(first.until(), now().truncatedTo(ChronoUnit.SECONDS));
    assertThat(later.result.status()).as(describe(later.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(expectedSourceIds(newer)).as("the fake must hold data changed in the last 3 days for this test to mean anything").isNotEmpty();
    assertSameSourceIds(sourceIds(later.sink.events()), expectedSourceIds(newer), "a run 3 days after the last one");
  }

  @Test
  void anExplicitRangeDeliversExactlyThatSlice() {
    Window slice = Window.of(now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS),
        now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS));

    Run run = run(connector(), slice, new InMemoryCheckpointStore());

    assertThat(run.result.status()).as(describe(run.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(expectedSourceIds(slice)).as("the fake must hold data 10 to 20 days old for this test to mean anything").isNotEmpty();
    assertSameSourceIds(sourceIds(run.sink.events()), expectedSourceIds(slice), "a run of " + slice.describe());
    assertThat(run.sink.events()).as("each expected sourceId exactly once").hasSize(expectedSourceIds(slice).size());
  }

  @Test
  void resumingAfterEveryPageYieldsTheSameSetWithoutGaps() {
    Run full = run(connector(), Depth.DAYS_30, new InMemoryCheckpointStore(), new RotatingCredentials());
    long batches = full.sink.batches();
    int largestPage = 0;
    for (WorkResult work : full.result.works()) {
      largestPage = (int) Math.max(largestPage, work.runCounts().events());
    }
    assertThat(batches).as("the fake must serve at least two pages").isGreaterThanOrEqualTo(2);
    Set<String> expected = expected(Depth.DAYS_30);
    for (int k = 1; k < Math.min(batches, maxResumePoints()); k++) {
      CheckpointStore store = new InMemoryCheckpointStore();
      CrashingSink crashing = new CrashingSink(k);
      BackfillResult crashed = backfill(connector(), store).run(request(Depth.DAYS_30, new RotatingCredentials()), crashing);
      assertThat(crashed.status()).as("run stopped after page %d", k).isEqualTo(BackfillStatus.FAILED);

      InMemorySink rest = new InMemorySink();
      BackfillResult resumed = backfill(connector(), store).run(request(Depth.DAYS_30, new RotatingCredentials()), rest);

      assertThat(resumed.status()).as("resume after page %d: %s", k, describe(resumed)).isEqualTo(BackfillStatus.COMPLETED);
      Set<String> union = new HashSet<>(sourceIds(crashing.delivered.events()));
      union.addAll(sourceIds(rest.events()));
      assertSameSourceIds(union, expected, "union of the runs before and after a stop at page " + k);
      Set<String> twice = new HashSet<>(sourceIds(crashing.delivered.events()));
      twice.retainAll(sourceIds(rest.events()));
      assertThat(twice.size()).as("re-delivered after a stop at page %d", k).isLessThanOrEqualTo(largestPage);
    }
  }

  @Test
  void aRunWithWorksAndPartsSideBySideEmitsEachExpectedSourceIdOnce() {
    Run run = run(connector(), BackfillRequest.builder().from(request(Depth.DAYS_30, new RotatingCredentials())).concurrency(4).build(),
        new InMemoryCheckpointStore());

    assertThat(run.result.status()).as(describe(run.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertSameSourceIds(sourceIds(run.sink.events()), expected(Depth.DAYS_30), "a run at concurrency 4");
    assertDeliveredOnce(run.sink.events(), "a run at concurrency 4");
  }

  @Test
  void resumingFromEverySavedCheckpointLosesNothing() {
    SnapshottingStore recorded = new SnapshottingStore();
    InMemorySink sink = new InMemorySink();
    BackfillResult full = backfill(connector(), recorded).start(request(Depth.DAYS_30, new RotatingCredentials()), recorded.sinkInFront(sink))
        .await(Duration.ofMinutes(2)).orElseThrow(() -> new AssertionError("the run did not end within two minutes"));
    assertThat(full.status()).as(describe(full)).isEqualTo(BackfillStatus.COMPLETED);
    Set<String> expected = expected(Depth.DAYS_30);
    List<SnapshottingStore.Snapshot> snapshots = recorded.snapshots();
    int step = Math.max(1, snapshots.size() / maxResumePoints());
    for (int i = 0; i < snapshots.size() - 1; i += step) {
      SnapshottingStore.Snapshot snapshot = snapshots.get(i);
      CheckpointStore store = new InMemoryCheckpointStore();
      snapshot.checkpoints.forEach(store::save);

      Run rest = run(connector(), request(Depth.DAYS_30, new RotatingCredentials()), store);

      assertThat(rest.result.status()).as("resume from save %d: %s", i + 1, describe(rest.result)).isEqualTo(BackfillStatus.COMPLETED);
      Set<String> union = new HashSet<>(snapshot.delivered);
      union.addAll(sourceIds(rest.sink.events()));
      assertSameSourceIds(union, expected, "the events delivered up to save " + (i + 1) + " of " + snapshots.size()
          + " and those of a run resumed from it");
    }
  }

  @Test
  void repeatingCursorEndsWithAClearError() {
    BackfillConnector looping = new RepeatingCursorConnector(connector());

    Run run = run(looping, Depth.DAYS_30, new InMemoryCheckpointStore(), new RotatingCredentials());

    assertThat(run.result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(run.result.works())
        .as("some work must have a second page whose cursor then repeats")
        .anySatisfy(work -> assertThat(work.error()).containsInstanceOf(CursorLoopException.class));
  }

  @Test
  void serverErrorsAndThrottlesAreRetried() {
    proxy.inject(List.of(
        new FaultProxy.Fault(503, Map.of("Content-Type", "application/json"), "{\"message\":\"unavailable\"}"),
        new FaultProxy.Fault(502, Map.of(), ""),
        new FaultProxy.Fault(429, Map.of("Retry-After", "1", "Content-Type", "application/json"), "{\"message\":\"slow down\"}")));

    Run run = run(connector(), Depth.DAYS_30, new InMemoryCheckpointStore(), new RotatingCredentials());

    assertThat(run.result.status()).as(describe(run.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertSameSourceIds(sourceIds(run.sink.events()), expected(Depth.DAYS_30), "a run with 5xx and 429 faults");
    assertThat(run.result.runTotals().retries()).isEqualTo(2);
    assertThat(run.result.runTotals().rateLimitWaits()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void unauthorizedCausesExactlyOneRefresh() {
    proxy.inject(List.of(new FaultProxy.Fault(401, Map.of("Content-Type", "application/json"), "{\"message\":\"Bad credentials\"}")));
    RotatingCredentials credentials = new RotatingCredentials();

    Run run = run(connector(), Depth.DAYS_30, new InMemoryCheckpointStore(), credentials);

    assertThat(run.result.status()).as(describe(run.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertSameSourceIds(sourceIds(run.sink.events()), expected(Depth.DAYS_30), "a run with a 401");
    assertThat(credentials.invalidations).hasValue(1);
    assertThat(run.result.runTotals().credentialRefreshes()).isEqualTo(1);
  }

  private Run run(BackfillConnector connector, Depth depth, CheckpointStore store, CredentialProvider credentials) {
    return run(connector, request(depth, credentials), store);
  }

  private Run run(BackfillConnector connector, BackfillRequest request, CheckpointStore store) {
    InMemorySink sink = new InMemorySink();
    BackfillResult result = backfill(connector, store).start(request, sink).await(Duration.ofMinutes(2))
        .orElseThrow(() -> new AssertionError("the run did not end within two minutes"));
    return new Run(result, sink);
  }

  private Run run(BackfillConnector connector, Window range, CheckpointStore store) {
    BackfillRequest request = BackfillRequest.builder().from(request(Depth.DAYS_30, new RotatingCredentials()))
        .since(range.since()).until(range.until()).build();
    return run(connector, request, store);
  }

  /** The sourceIds a run of {@code depth} back from {@link #now()} must emit. */
  private Set<String> expected(Depth depth) {
    return expectedSourceIds(back(depth, now()));
  }

  private Window back(Depth depth, Instant until) {
    Instant end = until.truncatedTo(ChronoUnit.SECONDS);
    return Window.of(end.minus(depth.duration()), end);
  }

  private Backfill backfill(BackfillConnector connector, CheckpointStore store) {
    return Backfill.builder()
        .connectors(Connectors.of(connector))
        .checkpointStore(store)
        .clock(Clock.fixed(now(), ZoneOffset.UTC))
        .httpSettings(httpSettings())
        .build();
  }

  private BackfillRequest request(Depth depth, CredentialProvider credentials) {
    return BackfillRequest.builder()
        .provider(connector().providerId())
        .connectionId("conformance")
        .credentials(credentials)
        .settings(settings(proxiedBaseUrl))
        .depth(depth)
        .entityTypes(entityTypes())
        .concurrency(1)
        .build();
  }

  /** Fails naming the sourceIds delivered more than once: parts of a range that overlap, or pages fetched twice. */
  private static void assertDeliveredOnce(List<SourceEvent> events, String what) {
    Set<String> seen = new HashSet<>();
    Set<String> twice = new TreeSet<>();
    events.forEach(event -> {
      if (!seen.add(event.sourceId())) {
        twice.add(event.sourceId());
      }
    });
    if (!twice.isEmpty()) {
      throw new AssertionError(what + " delivered " + twice.size() + " sourceIds more than once " + sample(twice)
          + ": the parts a first page offers (Page.parts()) overlap each other or its own next cursor");
    }
  }

  /** Fails with the missing and unexpected sourceIds (a few of each) rather than two whole sets. */
  private static void assertSameSourceIds(Set<String> actual, Set<String> expected, String what) {
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    Set<String> unexpected = new TreeSet<>(actual);
    unexpected.removeAll(expected);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new AssertionError(what + " emitted " + actual.size() + " sourceIds, expected " + expected.size()
          + "; missing " + missing.size() + " " + sample(missing) + ", unexpected " + unexpected.size() + " " + sample(unexpected));
    }
  }

  private static String sample(Set<String> ids) {
    return ids.stream().limit(10).collect(Collectors.joining(", ", "[", ids.size() > 10 ? ", ...]" : "]"));
  }

  private static Set<String> sourceIds(List<SourceEvent> events) {
    return events.stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  private static String describe(BackfillResult result) {
    StringBuilder text = new StringBuilder("run ended ").append(result.status());
    result.error().ifPresent(error -> text.append(": ").append(error));
    for (WorkResult work : result.works()) {
      work.error().ifPresent(error -> text.append("\n  ").append(work.key()).append(": ").append(error));
    }
    return text.toString();
  }

  private static final class Run {
    final BackfillResult result;
    final InMemorySink sink;

    Run(BackfillResult result, InMemorySink sink) {
      this.result = result;
      this.sink = sink;
    }
  }

  /** Hands out {@code conformance-token-1}, and a new number after each invalidation. */
  private static final class RotatingCredentials implements CredentialProvider {
    final AtomicInteger generation = new AtomicInteger(1);
    final AtomicInteger invalidations = new AtomicInteger();

    @Override
    public Credential credential(String connectionId) {
      return Credential.of(TOKEN_PREFIX + generation.get());
    }

    @Override
    public void invalidate(String connectionId, Credential rejected) {
      invalidations.incrementAndGet();
      generation.incrementAndGet();
    }
  }

  /**
   * A store that keeps, at every save, every checkpoint as saved so far and the sourceIds the sink
   * had accepted by then: the states a process killed right after that save would resume from.
   */
  private static final class SnapshottingStore implements CheckpointStore {
    static final class Snapshot {
      final List<Checkpoint> checkpoints;
      final Set<String> delivered;

      Snapshot(List<Checkpoint> checkpoints, Set<String> delivered) {
        this.checkpoints = checkpoints;
        this.delivered = delivered;
      }
    }

    private final InMemoryCheckpointStore current = new InMemoryCheckpointStore();
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Set<String> delivered = new HashSet<>();

    EventSink sinkInFront(InMemorySink sink) {
      return batch -> {
        sink.accept(batch);
        synchronized (this) {
          batch.events().forEach(event -> delivered.add(event.sourceId()));
        }
      };
    }

    synchronized List<Snapshot> snapshots() {
      return List.copyOf(snapshots);
    }

    @Override
    public synchronized Optional<Checkpoint> load(CheckpointKey key) {
      return current.load(key);
    }

    @Override
    public synchronized void save(Checkpoint checkpoint) {
      current.save(checkpoint);
      snapshots.add(new Snapshot(current.list(), Set.copyOf(delivered)));
    }

    @Override
    public synchronized List<Checkpoint> list() {
      return current.list();
    }

    @Override
    public synchronized void delete(CheckpointKey key) {
      current.delete(key);
    }
  }

  /** Accepts {@code pagesBeforeCrash} batches, then fails every later one, like a process that died. */
  private static final class CrashingSink implements EventSink {
    final InMemorySink delivered = new InMemorySink();
    private final int pagesBeforeCrash;
    private final AtomicInteger accepted = new AtomicInteger();

    CrashingSink(int pagesBeforeCrash) {
      this.pagesBeforeCrash = pagesBeforeCrash;
    }

    @Override
    public void accept(EventBatch batch) {
      if (accepted.get() >= pagesBeforeCrash) {
        throw new IllegalStateException("simulated crash after " + pagesBeforeCrash + " pages");
      }
      accepted.incrementAndGet();
      delivered.accept(batch);
    }
  }

  /** A connector that forwards everything to another; subclasses change what they need to. */
  private abstract static class ForwardingConnector implements BackfillConnector {
    final BackfillConnector delegate;

    ForwardingConnector(BackfillConnector delegate) {
      this.delegate = delegate;
    }

    @Override
    public String providerId() {
      return delegate.providerId();
    }

    @Override
    public List<String> supportedEntityTypes() {
      return delegate.supportedEntityTypes();
    }

    @Override
    public List<String> defaultEntityTypes() {
      return delegate.defaultEntityTypes();
    }

    @Override
    public SettingsSpec settings() {
      return delegate.settings();
    }

    @Override
    public HttpProfile httpProfile(Settings settings) {
      return delegate.httpProfile(settings);
    }

    @Override
    public List<Resource> resources(ConnectorContext context) {
      return delegate.resources(context);
    }

    @Override
    public Page fetchPage(ConnectorContext context, PageRequest request) {
      return delegate.fetchPage(context, request);
    }

    @Override
    public Optional<PageEstimate> estimate(ConnectorContext context, PageRequest request) {
      return delegate.estimate(context, request);
    }
  }

  /**
   * Pages one page at a time (never splits), so every page after the first is asked for by a
   * cursor, and returns, from page 2 on, the cursor the page was fetched with as its next cursor.
   */
  private static final class RepeatingCursorConnector extends ForwardingConnector {
    RepeatingCursorConnector(BackfillConnector delegate) {
      super(delegate);
    }

    @Override
    public Page fetchPage(ConnectorContext context, PageRequest request) {
      Page page = delegate.fetchPage(context, PageRequest.builder().from(request).maxParts(1).build());
      if (request.pageNumber() >= 2 && request.cursor().isPresent()) {
        return Page.builder().from(page).nextCursor(request.cursor()).build();
      }
      return page;
    }
  }

  /** Records every page request. */
  private static final class CountingConnector extends ForwardingConnector {
    final List<PageRequest> requests = new CopyOnWriteArrayList<>();

    CountingConnector(BackfillConnector delegate) {
      super(delegate);
    }

    @Override
    public Page fetchPage(ConnectorContext context, PageRequest request) {
      requests.add(request);
      return delegate.fetchPage(context, request);
    }
  }
}
