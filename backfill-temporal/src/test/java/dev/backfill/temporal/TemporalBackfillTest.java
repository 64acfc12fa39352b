package dev.backfill.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillHandle;
import dev.backfill.core.run.BackfillListener;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.PageStepper;
import dev.backfill.core.run.RunPlan;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.InMemoryCheckpointStore;
import dev.backfill.github.GitHubConnector;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.github.FakeGitHub;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemporalBackfillTest {
  private static final String QUEUE = "backfill";
  private static final List<String> ALL = List.of("pull_request", "issue", "release");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Clock envClock;
  private FakeGitHub fake;
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
  private final InMemorySink sink = new InMemorySink();
  private final Set<Checkpoint> continuedFrom = ConcurrentHashMap.newKeySet();
  private String token = "temporal-token";

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    envClock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(env.currentTimeMillis());
      }
    };
  }

  @AfterEach
  void stop() {
    env.close();
    if (fake != null) {
      fake.close();
    }
  }

  private void startWorker() {
    register(env.newWorker(QUEUE), activities -> activities);
    env.start();
  }

  /**
   * A worker of its own, as another machine of the host would run it. It asks for no sticky task
   * queue: the test server, unlike a real one, never moves a lost worker's sticky workflow tasks
   * back to the shared queue.
   */
  private WorkerFactory startSeparateWorker(UnaryOperator<BackfillActivities> wrap) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    register(factory.newWorker(QUEUE, WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build()), wrap);
    factory.start();
    return factory;
  }

  private void register(Worker worker, UnaryOperator<BackfillActivities> wrap) {
    PageStepper stepper = PageStepper.create(Connectors.of(new GitHubConnector()), store, HttpSettings.builder()
        .waitForRateLimits(false)
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(20))
        .build(), envClock);
    BackfillActivities activities = new BackfillActivitiesImpl(stepper, (provider, connection) -> CredentialProvider.staticToken(token), sink);
    TemporalBackfill.register(worker, wrap.apply(new RecordingActivities(activities)));
  }

  private FakeGitHub.Builder fakeBuilder() {
    return FakeGitHub.builder().seed(61).repositories("acme/api", "acme/web").pullRequestsPerRepository(30).issuesPerRepository(15)
        .releasesPerRepository(3).history(Instant.ofEpochMilli(env.currentTimeMillis()), 60).clock(envClock);
  }

  private TemporalBackfillInput.Builder input() {
    return input("acme/api,acme/web");
  }

  private TemporalBackfillInput.Builder input(String repositories) {
    return TemporalBackfillInput.builder()
        .provider("github")
        .connectionId("conn-1")
        .putSettings("baseUrl", fake.baseUrl())
        .putSettings("repositories", repositories)
        .putSettings("pageSize", "5")
        .putSettings("rateLimitReserve", "1")
        .depth(Depth.DAYS_30);
  }

  private Set<String> delivered() {
    return sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  private Set<String> expected(TemporalBackfillResult result) {
    return fake.expectedSourceIds(result.window().orElseThrow(), ALL);
  }

  /** What the runs over the shared store delivered together: every item in the one range their checkpoints cover. */
  private Set<String> expectedCovered() {
    List<Window> covered = store.list().get(0).coveredRanges();
    assertThat(covered).hasSize(1);
    return fake.expectedSourceIds(covered.get(0), ALL);
  }

  @Test
  void fullRunEmitsExactlyTheExpectedSourceIds() {
    fake = fakeBuilder().start();
    startWorker();

    TemporalBackfill.start(client, QUEUE, input().build());
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(result.status()).as(result.toString()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.works()).hasSize(6).allMatch(work -> work.status() == BackfillStatus.COMPLETED);
    assertThat(delivered()).isEqualTo(expected(result));
    assertThat(sink.events()).hasSize(expected(result).size());
    assertThat(store.list()).hasSize(6).allMatch(checkpoint -> checkpoint.status() == BackfillStatus.COMPLETED);
    assertThat(result.totals().events()).isEqualTo(expected(result).size());
  }

  @Test
  void aDeeperTriggerAfterTheFirstCompletedFetchesOnlyTheOlderPart() {
    fake = fakeBuilder().start();
    startWorker();
    TemporalBackfill.start(client, QUEUE, input().build());
    TemporalBackfillResult first = TemporalBackfill.await(client, "github", "conn-1");
    Set<String> firstDelivered = delivered();
    int firstEvents = sink.events().size();

    TemporalBackfill.start(client, QUEUE, input().depth(Depth.DAYS_90).build());
    TemporalBackfillResult deeper = TemporalBackfill.await(client, "github", "conn-1");

    Window firstRange = first.window().orElseThrow();
    Window requested = deeper.window().orElseThrow();
    assertThat(deeper.status()).as(deeper.toString()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(requested.since()).isBefore(firstRange.since().minus(Duration.ofDays(59)));
    Set<String> secondExpected = new HashSet<>(fake.expectedSourceIds(Window.of(requested.since(), requested.until()), ALL));
    secondExpected.removeAll(fake.expectedSourceIds(firstRange, ALL));
    assertThat(fake.expectedSourceIds(Window.of(requested.since(), firstRange.since()), ALL))
        .as("the fake holds history older than 30 days").isNotEmpty();
    Set<String> secondDelivered = sink.events().subList(firstEvents, sink.events().size()).stream().map(SourceEvent::sourceId)
        .collect(Collectors.toSet());
    assertThat(secondDelivered).isEqualTo(secondExpected);
    assertThat(sink.events()).hasSize(firstEvents + secondExpected.size());
    assertThat(secondDelivered).doesNotContainAnyElementsOf(firstDelivered);
    assertThat(store.list()).allSatisfy(checkpoint -> assertThat(checkpoint.coveredRanges())
        .containsExactly(Window.of(requested.since(), requested.until())));
  }

  @Test
  void longWorksContinueAsNewCarryingTheirCheckpoint() {
    fake = fakeBuilder().start();
    startWorker();

    TemporalBackfill.start(client, QUEUE, input().pagesPerHistory(2).build());
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(delivered()).isEqualTo(expected(result));
    long pagesOfPullRequests = result.works().stream().filter(work -> work.key().entityType().equals("pull_request"))
        .mapToLong(work -> work.counts().pages()).max().orElse(0);
    assertThat(pagesOfPullRequests).isGreaterThanOrEqualTo(5);
    assertThat(continuedFrom.stream().filter(checkpoint -> checkpoint.key().resourceId().equals("acme/api")
        && checkpoint.key().entityType().equals("pull_request")).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void rateLimitWaitsAreDurableTimersThatTimeSkippingPassesQuickly() {
    fake = fakeBuilder().rateLimit(6, Duration.ofHours(1)).start();
    startWorker();
    long started = env.currentTimeMillis();

    TemporalBackfill.start(client, QUEUE, input("acme/api").build());
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(delivered()).isEqualTo(fake.expectedSourceIds(result.window().orElseThrow(), ALL)
        .stream().filter(id -> id.contains("acme/api")).collect(Collectors.toSet()));
    assertThat(Duration.ofMillis(env.currentTimeMillis() - started)).isGreaterThanOrEqualTo(Duration.ofHours(2));
    long timers = 0;
    for (String entityType : ALL) {
      timers += client.fetchHistory(TemporalBackfill.workflowId("github", "conn-1") + "/acme/api/" + entityType).getEvents().stream()
          .filter(event -> event.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED).count();
    }
    assertThat(timers).isGreaterThanOrEqualTo(2);
    assertThat(fake.stats().count("budget-spent")).isZero();
  }

  @Test
  void progressWhileRunningThenCancelEndsCancelledWithCheckpointsIntact() throws Exception {
    fake = fakeBuilder().latency(Duration.ofMillis(150)).start();
    startWorker();

    TemporalBackfill.start(client, QUEUE, input().build());
    List<WorkOutcome> progress = TemporalBackfill.progress(client, "github", "conn-1");
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        progress.stream().noneMatch(work -> work.status() == BackfillStatus.RUNNING && work.counts().pages() > 0)
            && System.nanoTime() < deadline;
        progress = TemporalBackfill.progress(client, "github", "conn-1")) {
      Thread.sleep(20);
    }
    assertThat(progress).hasSize(6)
        .anyMatch(work -> work.status() == BackfillStatus.RUNNING && work.counts().pages() > 0 && work.counts().events() > 0)
        .anyMatch(work -> work.status() == BackfillStatus.PENDING)
        .allMatch(work -> work.status() != BackfillStatus.FAILED && work.status() != BackfillStatus.CANCELLED);
    TemporalBackfill.cancel(client, "github", "conn-1");
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(result.works()).hasSize(6).allMatch(work -> work.status() == BackfillStatus.CANCELLED || work.status() == BackfillStatus.COMPLETED);
    assertThat(result.totals().events()).isEqualTo(sink.events().size());
    assertThat(store.list()).isNotEmpty().allMatch(checkpoint ->
        checkpoint.status() == BackfillStatus.CANCELLED || checkpoint.status() == BackfillStatus.COMPLETED);
    assertThat(store.list()).anyMatch(checkpoint -> checkpoint.status() == BackfillStatus.CANCELLED && checkpoint.cursor().isPresent());
  }

  @Test
  void aNewWorkerFinishesTheRunOfALostOneWithoutRefetchingPagesBeyondThoseInFlight() throws Exception {
    fake = fakeBuilder().latency(Duration.ofMillis(100)).start();
    env.start();
    LostWorker lost = new LostWorker(8);
    WorkerFactory first = startSeparateWorker(lost::wrap);
    WorkerFactory second = null;
    try {
      TemporalBackfill.start(client, QUEUE, input().maxConcurrentWorks(3).pageTimeout(Duration.ofSeconds(3)).build());
      lost.awaitLoss();
      first.suspendPolling();
      second = startSeparateWorker(activities -> activities);
      TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

      assertThat(result.status()).as(result.toString()).isEqualTo(BackfillStatus.COMPLETED);
      assertThat(delivered()).isEqualTo(expected(result));
      Map<String, Long> fetches = fake.requests().stream()
          .map(FakeRequest::url)
          .filter(url -> url.startsWith("/repos/") || url.startsWith("/repositories/"))
          .collect(Collectors.groupingBy(url -> url, Collectors.counting()));
      assertThat(fetches.values()).allMatch(count -> count <= 2);
      assertThat(fetches.values().stream().filter(count -> count == 2).count())
          .as("pages fetched twice: the lost worker's pages in flight, at most one per running work")
          .isEqualTo(lost.pagesInFlight()).isBetween(1L, 3L);
    } finally {
      first.shutdownNow();
      if (second != null) {
        second.shutdownNow();
      }
    }
  }

  @Test
  void aRefusedTokenEndsEachWorkWithItsErrorWithoutActivityRetries() {
    fake = fakeBuilder().acceptedTokens("temporal-token").start();
    token = "revoked-token";
    startWorker();

    TemporalBackfill.start(client, QUEUE, input().build());
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works()).hasSize(6).allSatisfy(work -> {
      assertThat(work.status()).isEqualTo(BackfillStatus.FAILED);
      assertThat(work.error()).hasValueSatisfying(error ->
          assertThat(error).startsWith("AuthenticationException: ").doesNotContain("revoked-token"));
    });
    assertThat(sink.events()).isEmpty();
    assertThat(fake.stats().requests()).as("one request and one after the credential refresh per work").isEqualTo(12);
    assertThat(store.list()).hasSize(6).allMatch(checkpoint -> checkpoint.status() == BackfillStatus.FAILED
        && checkpoint.lastError().isPresent());
  }

  @Test
  void bodiesThatStayMalformedEndTheWorkAtItsLastGoodPage() {
    fake = fakeBuilder().faults(0, 0, 1.0).start();
    startWorker();

    TemporalBackfill.start(client, QUEUE, input("acme/api").entityTypes(List.of("release")).build());
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works()).singleElement().satisfies(work -> {
      assertThat(work.status()).isEqualTo(BackfillStatus.FAILED);
      assertThat(work.error()).hasValueSatisfying(error -> assertThat(error).startsWith("MalformedResponseException: ")
          .contains(fake.baseUrl()));
      assertThat(work.counts().pages()).isZero();
    });
    assertThat(fake.stats().count("truncated")).as("the HTTP client's attempts, no activity retry on top")
        .isEqualTo(HttpSettings.builder().build().maxAttempts());
    assertThat(store.list()).singleElement().satisfies(checkpoint -> {
      assertThat(checkpoint.status()).isEqualTo(BackfillStatus.FAILED);
      assertThat(checkpoint.cursor()).isEmpty();
    });
  }

  @Test
  void aRunStartedByTheCoreRunnerContinuesOnTemporalAndBack() throws Exception {
    fake = fakeBuilder().latency(Duration.ofMillis(30)).start();
    startWorker();
    // One range for all three runs: while a workflow is awaited, the test server may move its clock
    // years ahead, and a run starting after that would ask for the range before that moment.
    Instant until = Instant.ofEpochMilli(env.currentTimeMillis());
    InMemorySink before = runOnCoreRunner(3, until);
    assertThat(store.list()).isNotEmpty().anyMatch(checkpoint -> checkpoint.status() == BackfillStatus.CANCELLED
        && (checkpoint.cursor().isPresent() || !checkpoint.parts().isEmpty()));

    long pagesBefore = store.list().stream().mapToLong(checkpoint -> checkpoint.counts().pages()).sum();
    TemporalBackfill.start(client, QUEUE, input().until(until).build());
    while (store.list().stream().mapToLong(checkpoint -> checkpoint.counts().pages()).sum() < pagesBefore + 3) {
      Thread.sleep(20);
    }
    TemporalBackfill.cancel(client, "github", "conn-1");
    TemporalBackfillResult onTemporal = TemporalBackfill.await(client, "github", "conn-1");
    assertThat(onTemporal.status()).isEqualTo(BackfillStatus.CANCELLED);

    InMemorySink after = runOnCoreRunner(Integer.MAX_VALUE, until);

    Set<String> expected = expectedCovered();
    List<String> all = new ArrayList<>();
    for (InMemorySink part : List.of(before, sink, after)) {
      assertThat(part.events()).as("each run delivered something").isNotEmpty();
      part.events().forEach(event -> all.add(event.sourceId()));
    }
    // Each run resumed where the other stopped; a stream split into parts by page numbers reads, after
    // a resume, one page past the end of a part to meet the next, which may deliver that page again.
    long boundaryPages = 6L * (PageRequest.DEFAULT_MAX_PARTS - 1);
    assertThat(new HashSet<>(all)).as("every item").isEqualTo(expected);
    assertThat((long) all.size() - expected.size()).as("items delivered again").isBetween(0L, boundaryPages * 5);
    assertThat(store.list()).hasSize(6).allSatisfy(checkpoint -> assertThat(checkpoint.status()).isEqualTo(BackfillStatus.COMPLETED));
    assertThat(store.list().stream().mapToLong(checkpoint -> checkpoint.counts().events()).sum()).isEqualTo(all.size());
  }

  /**
   * Runs the connection's backfill on the core runner over the shared store, cancelling it once a
   * work has saved {@code pages} pages (as it fetches the next one), over the range up to {@code until}.
   */
  private InMemorySink runOnCoreRunner(int pages, Instant until) {
    Backfill backfill = Backfill.builder().connectors(Connectors.of(new GitHubConnector())).checkpointStore(store).clock(envClock).build();
    TemporalBackfillInput input = input().build();
    BackfillRequest request = BackfillRequest.builder()
        .provider(input.provider())
        .connectionId(input.connectionId())
        .credentials(CredentialProvider.staticToken(token))
        .settings(input.settings())
        .depth(input.depth())
        .until(until)
        .build();
    InMemorySink events = new InMemorySink();
    AtomicReference<BackfillHandle> handle = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    handle.set(backfill.start(request, events, new BackfillListener() {
      @Override
      public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, OptionalLong estimatedTotalPages) {
        if (pageNumber > pages) {
          awaitQuietly(started);
          handle.get().cancel();
        }
      }
    }));
    started.countDown();
    BackfillResult result = handle.get().await();
    assertThat(result.status()).isEqualTo(pages == Integer.MAX_VALUE ? BackfillStatus.COMPLETED : BackfillStatus.CANCELLED);
    return events;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aSecondTriggerForTheConnectionJoinsTheRunningBackfill() {
    fake = fakeBuilder().latency(Duration.ofMillis(50)).start();
    startWorker();

    WorkflowExecution first = TemporalBackfill.start(client, QUEUE, input().build());
    WorkflowExecution second = TemporalBackfill.start(client, QUEUE, input().build());
    TemporalBackfillResult result = TemporalBackfill.await(client, "github", "conn-1");

    assertThat(second.getRunId()).isEqualTo(first.getRunId());
    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sink.events()).hasSize(expected(result).size());
  }

  /**
   * A worker whose machine is lost once it has fetched a number of pages: from then on no call it
   * has taken returns (a page in flight has been fetched and delivered, but Temporal never hears
   * of it), and a call it takes afterwards never starts.
   */
  private static final class LostWorker {
    private final int pagesBeforeLoss;
    private final AtomicInteger pagesFetched = new AtomicInteger();
    private final CountDownLatch loss = new CountDownLatch(1);
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile boolean lost;
    private final AtomicInteger pagesInFlight = new AtomicInteger();

    LostWorker(int pagesBeforeLoss) {
      this.pagesBeforeLoss = pagesBeforeLoss;
    }

    void awaitLoss() throws InterruptedException {
      assertThat(loss.await(60, TimeUnit.SECONDS)).as("the worker fetched " + pagesBeforeLoss + " pages").isTrue();
    }

    long pagesInFlight() {
      return pagesInFlight.get();
    }

    BackfillActivities wrap(BackfillActivities delegate) {
      return new BackfillActivities() {
        @Override
        public RunPlan plan(TemporalBackfillInput input) {
          return answer(() -> delegate.plan(input));
        }

        @Override
        public Checkpoint begin(WorkInput input) {
          return answer(() -> delegate.begin(input));
        }

        @Override
        public StepResult step(WorkInput input, Checkpoint checkpoint) {
          StepResult result = answer(() -> delegate.step(input, checkpoint));
          if (pagesFetched.incrementAndGet() >= pagesBeforeLoss) {
            lost = true;
            loss.countDown();
          }
          if (lost) {
            pagesInFlight.incrementAndGet();
            hang();
          }
          return result;
        }

        @Override
        public Checkpoint end(WorkInput input, Checkpoint checkpoint, BackfillStatus status, String error) {
          return answer(() -> delegate.end(input, checkpoint, status, error));
        }

        @Override
        public List<WorkOutcome> outcomes(List<WorkInput> works) {
          return answer(() -> delegate.outcomes(works));
        }
      };
    }

    private <T> T answer(Supplier<T> call) {
      if (lost) {
        hang();
      }
      return call.get();
    }

    private void hang() {
      try {
        never.await();
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("worker lost");
    }
  }

  /** Records the checkpoints that continued-as-new runs started from. */
  private final class RecordingActivities implements BackfillActivities {
    private final BackfillActivities delegate;

    RecordingActivities(BackfillActivities delegate) {
      this.delegate = delegate;
    }

    @Override
    public RunPlan plan(TemporalBackfillInput input) {
      return delegate.plan(input);
    }

    @Override
    public Checkpoint begin(WorkInput input) {
      return delegate.begin(input);
    }

    @Override
    public StepResult step(WorkInput input, Checkpoint checkpoint) {
      input.checkpoint().ifPresent(continuedFrom::add);
      return delegate.step(input, checkpoint);
    }

    @Override
    public Checkpoint end(WorkInput input, Checkpoint checkpoint, BackfillStatus status, String error) {
      return delegate.end(input, checkpoint, status, error);
    }

    @Override
    public List<WorkOutcome> outcomes(List<WorkInput> works) {
      return delegate.outcomes(works);
    }
  }
}
