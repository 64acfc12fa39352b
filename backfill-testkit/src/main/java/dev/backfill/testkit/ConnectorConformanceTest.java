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
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every connector runs: extend it in a test class, point it at a connector
 * and a running fake provider (a testkit {@link FakeProvider}, a WireMock server or any fake that
 * answers over HTTP), and say which sourceIds a full run must emit.
 * It checks that a full run emits exactly that set, that the window is respected, that stopping
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

  /** The sourceIds a full run of the given depth must emit, no more and no fewer. */
  protected abstract Set<String> expectedSourceIds(Depth depth);

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
    assertSameSourceIds(sourceIds(events), expectedSourceIds(Depth.DAYS_30), "a full run of depth 30");
    assertThat(events).as("each expected sourceId exactly once").hasSize(expectedSourceIds(Depth.DAYS_30).size());
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
    assertSameSourceIds(sourceIds(shallow.sink.events()), expectedSourceIds(Depth.DAYS_7), "a run of depth 7");
    assertThat(expectedSourceIds(Depth.DAYS_7))
        .as("the fake must hold data older than 7 days for this test to mean anything")
        .isNotEqualTo(expectedSourceIds(Depth.DAYS_90));
  }

  @Test
  void resumingAfterEveryPageYieldsTheSameSetWithoutGaps() {
    Run full = run(connector(), Depth.DAYS_30, new InMemoryCheckpointStore(), new RotatingCredentials());
    long batches = full.sink.batches();
    int largestPage = 0;
    for (WorkResult work : full.result.works()) {
      largestPage = (int) Math.max(largestPage, work.counts().events());
    }
    assertThat(batches).as("the fake must serve at least two pages").isGreaterThanOrEqualTo(2);
    Set<String> expected = expectedSourceIds(Depth.DAYS_30);
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
    assertSameSourceIds(sourceIds(run.sink.events()), expectedSourceIds(Depth.DAYS_30), "a run with 5xx and 429 faults");
    assertThat(run.result.totals().retries()).isEqualTo(2);
    assertThat(run.result.totals().rateLimitWaits()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void unauthorizedCausesExactlyOneRefresh() {
    proxy.inject(List.of(new FaultProxy.Fault(401, Map.of("Content-Type", "application/json"), "{\"message\":\"Bad credentials\"}")));
    RotatingCredentials credentials = new RotatingCredentials();

    Run run = run(connector(), Depth.DAYS_30, new InMemoryCheckpointStore(), credentials);

    assertThat(run.result.status()).as(describe(run.result)).isEqualTo(BackfillStatus.COMPLETED);
    assertSameSourceIds(sourceIds(run.sink.events()), expectedSourceIds(Depth.DAYS_30), "a run with a 401");
    assertThat(credentials.invalidations).hasValue(1);
    assertThat(run.result.totals().credentialRefreshes()).isEqualTo(1);
  }

  private Run run(BackfillConnector connector, Depth depth, CheckpointStore store, CredentialProvider credentials) {
    InMemorySink sink = new InMemorySink();
    BackfillResult result = backfill(connector, store).start(request(depth, credentials), sink).await(Duration.ofMinutes(2))
        .orElseThrow(() -> new AssertionError("the run did not end within two minutes"));
    return new Run(result, sink);
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

  /** Fails with the missing and unexpected sourceIds (a few of each) rather than two whole sets. */
  private static void assertSameSourceIds(Set<String> actual, Set<String> expected, String what) {
    Set<String> missing = new java.util.TreeSet<>(expected);
    missing.removeAll(actual);
    Set<String> unexpected = new java.util.TreeSet<>(actual);
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

  /** Accepts {@code pagesBeforeCrash} batches, then fails every later one, like a process that died. */
  private static final class CrashingSink implements dev.backfill.core.sink.EventSink {
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

  /** Returns, from page 2 on, the cursor the page was fetched with as its next cursor. */
  private static final class RepeatingCursorConnector implements BackfillConnector {
    private final BackfillConnector delegate;

    RepeatingCursorConnector(BackfillConnector delegate) {
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
      Page page = delegate.fetchPage(context, request);
      if (request.pageNumber() >= 2 && request.cursor().isPresent()) {
        return Page.builder().from(page).nextCursor(request.cursor()).build();
      }
      return page;
    }

    @Override
    public Optional<PageEstimate> estimate(ConnectorContext context, PageRequest request) {
      return delegate.estimate(context, request);
    }
  }
}
