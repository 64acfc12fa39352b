package dev.backfill.core.run;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.error.CursorLoopException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.error.StateLockedException;
import dev.backfill.core.error.UnknownProviderException;
import dev.backfill.core.error.WorkLimitExceededException;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import dev.backfill.core.state.WorkCounts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final ScriptedConnector connector = new ScriptedConnector();
  private final CheckpointStore store = new InMemoryCheckpointStore();
  private final InMemorySink sink = new InMemorySink();

  private Backfill backfill() {
    return Backfill.builder()
        .connectors(Connectors.of(connector))
        .checkpointStore(store)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private static BackfillRequest.Builder request() {
    return BackfillRequest.builder()
        .provider("scripted")
        .connectionId("conn-1")
        .credentials(CredentialProvider.staticToken("secret-token"));
  }

  private Set<String> delivered() {
    return sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  private static CheckpointKey key(String resource, String entityType) {
    return CheckpointKey.of("scripted", "conn-1", resource, entityType);
  }

  @Test
  void deliversEveryPageOfEveryResourceAndEntityType() {
    connector.resources.add("r2");

    BackfillResult result = backfill().run(request().addEntityTypes("alpha", "beta").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.works()).hasSize(4).allSatisfy(work -> {
      assertThat(work.success()).isTrue();
      assertThat(work.runCounts().pages()).isEqualTo(3);
      assertThat(work.runCounts().events()).isEqualTo(6);
    });
    assertThat(result.runTotals().events()).isEqualTo(24);
    Set<String> expected = connector.expected("alpha");
    expected.addAll(connector.expected("beta"));
    assertThat(delivered()).isEqualTo(expected);
    assertThat(sink.events()).hasSize(24);
    Checkpoint done = store.load(key("r2", "beta")).orElseThrow();
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(done.cursor()).isEmpty();
  }

  @Test
  void aConnectionKeepsItsWorkerLimitOnlyWhileItHasARun() {
    Backfill backfill = backfill();
    for (int i = 0; i < 500; i++) {
      backfill.run(request().connectionId("connection-" + i).build(), sink);
    }

    assertThat(backfill.connectionsRunning()).isZero();
  }

  @Test
  void usesTheConnectorsDefaultEntityTypes() {
    BackfillResult result = backfill().run(request().build(), sink);

    assertThat(result.works()).extracting(work -> work.key().entityType()).containsExactly("alpha");
  }

  @Test
  void fixesTheWindowOnceFromDepth() {
    BackfillResult result = backfill().run(request().depth(Depth.DAYS_7).build(), sink);

    Window expected = Window.of(NOW.minus(Duration.ofDays(7)), NOW);
    assertThat(result.window()).isEqualTo(expected);
    assertThat(connector.requests).extracting(PageRequest::window).containsOnly(expected);
  }

  @Test
  void takesAnyDepthFromOneTo365Days() {
    assertThat(Depth.ofDays(90)).isEqualTo(Depth.DAYS_90);
    assertThat(Depth.ofDays(14).duration()).isEqualTo(Duration.ofDays(14));
    assertThat(Depth.ofDays(365).days()).isEqualTo(365);
    assertThatThrownBy(() -> Depth.ofDays(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backfill depth must be 1 to 365 days, got 0");
    assertThatThrownBy(() -> Depth.ofDays(366)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backfill depth must be 1 to 365 days, got 366");
  }

  @Test
  void rejectsUnknownEntityTypesAndProvidersNamingTheChoices() {
    assertThatThrownBy(() -> backfill().start(request().addEntityTypes("gamma").build(), sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supported: alpha, beta");
    assertThatThrownBy(() -> backfill().start(request().provider("gitlab").build(), sink))
        .isInstanceOf(UnknownProviderException.class).hasMessageContaining("found: scripted");
  }

  @Test
  void failureKeepsTheCheckpointAtTheLastGoodPageAndAResumeFillsTheRest() {
    connector.pages = 5;
    AtomicInteger failures = new AtomicInteger();
    connector.hook = request -> {
      if (request.pageNumber() == 3 && failures.getAndIncrement() == 0) {
        throw new ProviderApiException("scripted", 502, "http://x/items?page=3", "bad gateway");
      }
      return null;
    };

    BackfillResult failed = backfill().run(request().build(), sink);

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    WorkResult work = failed.works().get(0);
    assertThat(work.error().orElseThrow()).isInstanceOf(ProviderApiException.class);
    Checkpoint kept = store.load(key("r1", "alpha")).orElseThrow();
    assertThat(kept.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(kept.cursor()).hasValue(PageCursor.of("p3"));
    assertThat(kept.counts().pages()).isEqualTo(2);
    assertThat(kept.lastError().orElseThrow()).contains("ProviderApiException").contains("502");
    assertThat(sink.events()).hasSize(4);

    BackfillResult resumed = backfill().run(request().build(), sink);

    assertThat(resumed.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(resumed.works().get(0).runCounts().pages()).as("this run").isEqualTo(3);
    assertThat(resumed.works().get(0).cumulativeCounts().pages()).as("both runs").isEqualTo(5);
    assertThat(resumed.works().get(0).cumulativeCounts().events()).isEqualTo(10);
    assertThat(resumed.runTotals().events()).as("this run delivered pages 3 to 5").isEqualTo(6);
    assertThat(delivered()).isEqualTo(connector.expected("alpha"));
    assertThat(sink.events()).hasSize(10);
    assertThat(connector.requests).extracting(PageRequest::pageNumber).containsExactly(1L, 2L, 3L, 3L, 4L, 5L);
  }

  @Test
  void resumedWorkKeepsTheWindowOfItsCheckpoint() {
    Window older = Window.of(Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-10-30T00:00:00Z"));
    store.save(Checkpoint.builder().key(key("r1", "alpha")).window(older).cursor(PageCursor.of("p2"))
        .status(BackfillStatus.FAILED).updatedAt(older.until()).build());

    BackfillResult result = backfill().run(request().build(), sink);

    Window rest = Window.of(older.until(), NOW);
    assertThat(connector.requests).extracting(PageRequest::window).containsExactly(older, older, rest, rest, rest);
    assertThat(connector.requests.subList(0, 2)).extracting(PageRequest::cursor).containsExactly(
        Optional.of(PageCursor.of("p2")), Optional.of(PageCursor.of("p3")));
    WorkResult work = result.works().get(0);
    assertThat(work.resumed()).isTrue();
    assertThat(work.fetched()).containsExactly(older, rest);
    assertThat(store.load(key("r1", "alpha")).orElseThrow().coveredRanges()).containsExactly(Window.of(older.since(), NOW));
  }

  @Test
  void completedWorkIsNotFetchedAgain() {
    backfill().run(request().build(), sink);
    connector.requests.clear();

    BackfillResult again = backfill().run(request().build(), sink);

    assertThat(again.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(again.works().get(0).runCounts()).as("a run that found the work covered did nothing").isEqualTo(WorkCounts.zero());
    assertThat(again.runTotals().events()).isZero();
    assertThat(again.works().get(0).cumulativeCounts().pages()).isEqualTo(3);
    assertThat(again.cumulativeTotals().events()).isEqualTo(6);
    assertThat(again.works().get(0).fetched()).isEmpty();
    assertThat(connector.requests).isEmpty();
  }

  @Test
  void aDeeperRerunFetchesOnlyTheOlderPart() {
    backfill().run(request().depth(Depth.DAYS_30).build(), sink);
    connector.requests.clear();

    BackfillResult deeper = backfill().run(request().depth(Depth.DAYS_90).build(), sink);

    Window older = Window.of(NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(30)));
    assertThat(connector.requests).hasSize(3).extracting(PageRequest::window).containsOnly(older);
    assertThat(deeper.works().get(0).fetched()).containsExactly(older);
    assertThat(deeper.works().get(0).resumed()).isFalse();
    assertThat(deeper.works().get(0).runCounts().pages()).isEqualTo(3);
    assertThat(deeper.works().get(0).cumulativeCounts().pages()).isEqualTo(6);
    assertThat(store.load(key("r1", "alpha")).orElseThrow().covered())
        .containsExactly(Window.of(NOW.minus(Duration.ofDays(90)), NOW));
  }

  @Test
  void aLaterRerunFetchesOnlyWhatIsNewSinceTheLastRun() {
    backfill().run(request().build(), sink);
    connector.requests.clear();
    Instant later = NOW.plus(Duration.ofDays(3));

    Backfill threeDaysLater = Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(store)
        .clock(Clock.fixed(later, ZoneOffset.UTC)).build();
    BackfillResult result = threeDaysLater.run(request().build(), sink);

    assertThat(connector.requests).extracting(PageRequest::window).containsOnly(Window.of(NOW, later));
    assertThat(result.works().get(0).fetched()).containsExactly(Window.of(NOW, later));
  }

  @Test
  void anExplicitRangeFetchesOnlyItsUncoveredPartsNewestFirst() {
    Instant start = NOW.minus(Duration.ofDays(60));
    Instant end = NOW.minus(Duration.ofDays(10));
    backfill().run(request().since(NOW.minus(Duration.ofDays(40))).until(NOW.minus(Duration.ofDays(20))).build(), sink);
    connector.requests.clear();

    BackfillResult result = backfill().run(request().since(start).until(end).build(), sink);

    Window newer = Window.of(NOW.minus(Duration.ofDays(20)), end);
    Window older = Window.of(start, NOW.minus(Duration.ofDays(40)));
    assertThat(result.window()).isEqualTo(Window.of(start, end));
    assertThat(result.works().get(0).fetched()).containsExactly(newer, older);
    assertThat(connector.requests).extracting(PageRequest::window).containsExactly(newer, newer, newer, older, older, older);
    assertThat(store.load(key("r1", "alpha")).orElseThrow().coveredRanges()).containsExactly(Window.of(start, end));
  }

  @Test
  void roundsTheRequestedRangeDownToWholeSeconds() {
    Instant ragged = Instant.parse("2026-11-23T12:00:00.256106751Z");
    Backfill backfill = Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(store)
        .clock(Clock.fixed(ragged, ZoneOffset.UTC)).build();

    BackfillResult result = backfill.run(request().since(Instant.parse("2026-11-01T05:44:22.999Z")).build(), sink);

    assertThat(result.window()).isEqualTo(Window.of(Instant.parse("2026-11-01T05:44:22Z"), NOW));
  }

  @Test
  void rejectsARangeThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> request().since(NOW).until(NOW.minus(Duration.ofDays(1))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before until");
    assertThatThrownBy(() -> backfill().run(request().since(NOW.plus(Duration.ofDays(1))).build(), sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is empty");
  }

  @Test
  void sinkFailureLeavesTheCheckpointBeforeThatPage() {
    AtomicInteger batches = new AtomicInteger();
    BackfillResult result = backfill().run(request().build(), batch -> {
      if (batches.incrementAndGet() == 2) {
        throw new IllegalStateException("host queue full");
      }
      sink.accept(batch);
    });

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works().get(0).error().orElseThrow()).hasMessageContaining("host queue full");
    assertThat(store.load(key("r1", "alpha")).orElseThrow().cursor()).hasValue(PageCursor.of("p2"));
  }

  @Test
  void repeatingCursorEndsWithAClearErrorInsteadOfLooping() {
    connector.hook = request -> request.pageNumber() >= 2
        ? Page.builder().itemsSeen(0).nextCursor(PageCursor.of("p2")).build()
        : null;

    BackfillResult result = backfill().run(request().build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works().get(0).error().orElseThrow())
        .isInstanceOf(CursorLoopException.class)
        .hasMessageContaining("already fetched");
    assertThat(connector.requests).hasSize(2);
  }

  @Test
  void anEndlessChainOfEmptyPagesStopsAfterTheConfiguredRunOfThem() {
    connector.hook = request -> request.pageNumber() >= 2
        ? Page.builder().itemsSeen(0).nextCursor(PageCursor.of("p" + (request.pageNumber() + 1))).build()
        : null;

    BackfillResult result = backfill().run(request().limits(WorkLimits.builder().maxEmptyPagesInARow(5).build()).build(), sink);

    assertThat(result.works().get(0).error().orElseThrow())
        .isInstanceOf(WorkLimitExceededException.class)
        .hasMessageContaining("6 pages in a row returned no item");
    assertThat(connector.requests).hasSize(7);
    Checkpoint failed = store.load(key("r1", "alpha")).orElseThrow();
    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(failed.counts().pages()).isEqualTo(6);
    assertThat(delivered()).hasSize(2);
  }

  @Test
  void aWorkStopsAtItsPageCeilingCountedOverEveryRun() {
    connector.pages = 10;
    WorkLimits limits = WorkLimits.builder().maxPages(4).build();

    BackfillResult result = backfill().run(request().limits(limits).build(), sink);

    assertThat(result.works().get(0).error().orElseThrow())
        .isInstanceOf(WorkLimitExceededException.class)
        .hasMessageContaining("past the limit of 4 pages");
    assertThat(connector.requests).hasSize(4);
    assertThat(backfill().run(request().limits(limits).build(), sink).works().get(0).error().orElseThrow())
        .isInstanceOf(WorkLimitExceededException.class);
    assertThat(connector.requests).hasSize(4);
  }

  @Test
  void aPageWithMoreItemsThanAnyProviderSendsFailsTheWorkBeforeDelivery() {
    connector.hook = request -> request.pageNumber() == 2
        ? Page.builder().from(connector.page(request, 2)).itemsSeen(10_001).build()
        : null;

    BackfillResult result = backfill().run(request().build(), sink);

    assertThat(result.works().get(0).error().orElseThrow())
        .isInstanceOf(WorkLimitExceededException.class)
        .hasMessageContaining("holds 10001 items");
    assertThat(delivered()).hasSize(2);
    assertThat(store.load(key("r1", "alpha")).orElseThrow().cursor()).contains(PageCursor.of("p2"));
  }

  @Test
  void aPageWhoseEveryItemIsMalformedFailsTheWorkNamingTheFirstReason() {
    connector.hook = request -> request.pageNumber() == 2
        ? Page.builder().itemsSeen(3).nextCursor(PageCursor.of("p3"))
            .addSkipped(SkippedItem.of("#1", "no id"), SkippedItem.of("#2", "no id"), SkippedItem.of("#3", "no id")).build()
        : null;

    BackfillResult result = backfill().run(request().build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works().get(0).error().orElseThrow())
        .isInstanceOf(WorkLimitExceededException.class)
        .hasMessageContaining("every one of the 3 items of page 2 is malformed, the first because no id");
    assertThat(store.load(key("r1", "alpha")).orElseThrow().cursor()).contains(PageCursor.of("p2"));
  }

  @Test
  void aWorkSkippingMoreThanItsLimitFails() {
    connector.pages = 5;
    connector.hook = request -> Page.builder().from(connector.page(request, (int) request.pageNumber()))
        .addSkipped(SkippedItem.of("#" + request.pageNumber(), "no title")).itemsSeen(3).build();

    BackfillResult result = backfill().run(request().limits(WorkLimits.builder().maxSkippedItems(2).build()).build(), sink);

    assertThat(result.works().get(0).error().orElseThrow())
        .isInstanceOf(WorkLimitExceededException.class)
        .hasMessageContaining("3 items skipped as malformed, more than the 2");
    assertThat(delivered()).hasSize(4);
  }

  @Test
  void aConnectorFailureQuotingTheCredentialIsRedactedInTheResultAndTheCheckpoint() {
    connector.hook = request -> {
      throw new IllegalStateException("connector printed its header: Bearer secret-token");
    };

    BackfillResult result = backfill().run(request().build(), sink);

    Throwable error = result.works().get(0).error().orElseThrow();
    assertThat(error.getMessage()).contains("Bearer [redacted]").doesNotContain("secret-token");
    assertThat(error.getCause().toString()).contains("IllegalStateException").doesNotContain("secret-token");
    assertThat(store.load(key("r1", "alpha")).orElseThrow().lastError().orElseThrow())
        .contains("Bearer [redacted]").doesNotContain("secret-token");
  }

  @Test
  void skippedItemsAreReportedNotDropped() {
    List<SkippedItem> heard = new CopyOnWriteArrayList<>();
    connector.hook = request -> request.pageNumber() == 2
        ? Page.builder().from(connector.page(request, 2)).addSkipped(SkippedItem.of("#7", "no title")).itemsSeen(3).build()
        : null;

    BackfillResult result = backfill().start(request().build(), sink, new BackfillListener() {
      @Override
      public void itemSkipped(CheckpointKey key, SkippedItem item) {
        heard.add(item);
      }
    }).await();

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.works().get(0).skippedItems()).containsExactly(SkippedItem.of("#7", "no title"));
    assertThat(result.works().get(0).runCounts().skipped()).isEqualTo(1);
    assertThat(result.works().get(0).runCounts().itemsSeen()).isEqualTo(7);
    assertThat(heard).containsExactly(SkippedItem.of("#7", "no title"));
  }

  @Test
  void everyListenerOfAllHearsEachCallEvenAfterAnotherThrew() {
    List<String> heard = new CopyOnWriteArrayList<>();
    BackfillListener throwing = new BackfillListener() {
      @Override
      public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, java.util.OptionalLong estimatedTotalPages) {
        heard.add("throwing " + pageNumber);
        throw new IllegalStateException("a broken listener");
      }
    };
    BackfillListener recording = new BackfillListener() {
      @Override
      public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, java.util.OptionalLong estimatedTotalPages) {
        heard.add("recording " + pageNumber);
      }

      @Override
      public void workDone(WorkResult result) {
        heard.add("done " + result.status());
      }
    };

    BackfillResult result = backfill().start(request().build(), sink, BackfillListener.all(throwing, recording)).await();

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(heard).containsExactly("throwing 1", "recording 1", "throwing 2", "recording 2", "throwing 3", "recording 3",
        "done COMPLETED");
  }

  @Test
  void cancelEndsCancelledWithCheckpointsIntactAndARerunCompletes() throws Exception {
    connector.pages = 4;
    CountDownLatch onPageThree = new CountDownLatch(1);
    connector.hook = request -> {
      if (request.pageNumber() == 3 && onPageThree.getCount() > 0) {
        onPageThree.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException interrupted) {
          throw new BackfillCancelledException("interrupted");
        }
      }
      return null;
    };
    BackfillHandle handle = backfill().start(request().build(), sink);
    assertThat(onPageThree.await(10, TimeUnit.SECONDS)).isTrue();

    handle.cancel();
    BackfillResult result = handle.await(Duration.ofSeconds(10)).orElseThrow();

    assertThat(result.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(handle.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(result.works().get(0).status()).isEqualTo(BackfillStatus.CANCELLED);
    Checkpoint kept = store.load(key("r1", "alpha")).orElseThrow();
    assertThat(kept.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(kept.cursor()).hasValue(PageCursor.of("p3"));

    BackfillResult rerun = backfill().run(request().build(), sink);
    assertThat(rerun.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(delivered()).isEqualTo(connector.expected("alpha"));
    assertThat(sink.events()).hasSize(8);
  }

  @Test
  void aCancelArrivingWhileAPageIsDeliveredKeepsThatPagesCheckpoint() {
    connector.pages = 4;
    AtomicReference<BackfillHandle> handle = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    EventSink cancelsDuringPageTwo = batch -> {
      sink.accept(batch);
      if (batch.pageNumber() == 2) {
        awaitUninterruptibly(started);
        handle.get().cancel();
      }
    };
    handle.set(backfill().start(request().build(), cancelsDuringPageTwo));
    started.countDown();

    assertThat(handle.get().await().status()).isEqualTo(BackfillStatus.CANCELLED);
    Checkpoint kept = store.load(key("r1", "alpha")).orElseThrow();
    assertThat(kept.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(kept.cursor()).as("the delivered page two is not fetched again").hasValue(PageCursor.of("p3"));
    assertThat(kept.counts().events()).isEqualTo(4);

    backfill().run(request().build(), sink);
    assertThat(sink.events()).hasSize(8);
    assertThat(delivered()).isEqualTo(connector.expected("alpha"));
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException again) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void cancelWhoseFetchFailsDifferentlyIsStillCancelledNotFailed() throws Exception {
    CountDownLatch fetching = new CountDownLatch(1);
    connector.hook = request -> {
      fetching.countDown();
      try {
        Thread.sleep(60_000);
        return null;
      } catch (InterruptedException interrupted) {
        throw new IllegalStateException("connector turned the interrupt into its own error");
      }
    };
    BackfillHandle handle = backfill().start(request().build(), sink);
    assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();

    handle.cancel();

    assertThat(handle.await().status()).isEqualTo(BackfillStatus.CANCELLED);
  }

  @Test
  void timeoutCancelsTheRun() {
    connector.hook = request -> {
      try {
        Thread.sleep(60_000);
        return null;
      } catch (InterruptedException interrupted) {
        throw new BackfillCancelledException("interrupted");
      }
    };

    BackfillResult result = backfill().run(request().timeout(Duration.ofMillis(200)).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(result.works().get(0).error().orElseThrow()).hasMessageContaining("timed out");
  }

  @Test
  void corruptedCheckpointFailsThatWorkAndIsNotOverwritten(@TempDir Path dir) throws Exception {
    FileCheckpointStore files = new FileCheckpointStore(dir);
    Path file = files.fileFor(key("r1", "alpha"));
    Files.writeString(file, "{garbage");
    connector.resources.add("r2");
    Backfill backfill = Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(files).build();

    BackfillResult result = backfill.run(request().build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    WorkResult broken = result.works().stream().filter(w -> w.key().resourceId().equals("r1")).findFirst().orElseThrow();
    assertThat(broken.error().orElseThrow()).isInstanceOf(CheckpointCorruptedException.class);
    assertThat(Files.readString(file)).isEqualTo("{garbage");
    assertThat(result.works()).filteredOn(w -> w.key().resourceId().equals("r2")).allMatch(WorkResult::success);
  }

  /** A file store in {@code dir} holding the checkpoint file {@code fixture} (of {@code /checkpoints}) as r1/alpha's. */
  private static FileCheckpointStore storeHolding(Path dir, String fixture) throws Exception {
    FileCheckpointStore files = new FileCheckpointStore(dir);
    Files.copy(Path.of(BackfillTest.class.getResource("/checkpoints/" + fixture).toURI()), files.fileFor(key("r1", "alpha")));
    return files;
  }

  @Test
  void aCompletedCheckpointFileWrittenBeforeRangesReadsAsOneCoveredRange(@TempDir Path dir) throws Exception {
    FileCheckpointStore files = storeHolding(dir, "before-ranges-completed.json");
    Backfill backfill = Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(files)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    BackfillResult same = backfill.run(request().build(), sink);
    BackfillResult deeper = backfill.run(request().depth(Depth.DAYS_90).build(), sink);

    Instant oldSince = Instant.parse("2026-10-24T12:00:00Z");
    Instant oldUntil = Instant.parse("2026-11-23T11:59:59Z");
    assertThat(same.works().get(0).fetched()).containsExactly(Window.of(oldUntil, NOW));
    assertThat(deeper.works().get(0).fetched()).containsExactly(Window.of(NOW.minus(Duration.ofDays(90)), oldSince));
    assertThat(deeper.works().get(0).runCounts().pages()).isEqualTo(3);
    assertThat(deeper.works().get(0).cumulativeCounts().pages()).isEqualTo(3 + 3 + 3);
    assertThat(files.load(key("r1", "alpha")).orElseThrow().coveredRanges())
        .containsExactly(Window.of(NOW.minus(Duration.ofDays(90)), NOW));
  }

  @Test
  void aFailedCheckpointFileWrittenBeforeRangesResumesItsWindowAndCursor(@TempDir Path dir) throws Exception {
    BackfillResult result = Backfill.builder().connectors(Connectors.of(connector))
        .checkpointStore(storeHolding(dir, "before-ranges-failed.json")).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .run(request().build(), sink);

    Window old = Window.of(Instant.parse("2026-10-24T11:59:59.256106751Z"), Instant.parse("2026-11-23T11:59:59.256106751Z"));
    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(connector.requests.get(0).window()).isEqualTo(old);
    assertThat(connector.requests.get(0).cursor()).hasValue(PageCursor.of("p2"));
    assertThat(result.works().get(0).resumed()).isTrue();
    assertThat(result.works().get(0).fetched()).containsExactly(old, Window.of(Instant.parse("2026-11-23T11:59:59Z"), NOW));
  }

  @Test
  void resourceListingFailureFailsTheRunWithItsCause() {
    Backfill backfill = Backfill.builder().connectors(Connectors.of(new ScriptedConnector() {
      @Override
      public List<dev.backfill.core.spi.Resource> resources(dev.backfill.core.spi.ConnectorContext context) {
        throw new ProviderApiException("scripted", 404, "http://x/installation/repositories", "Not Found");
      }
    })).build();

    BackfillResult result = backfill.run(request().build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.error().orElseThrow()).isInstanceOf(ProviderApiException.class);
    assertThat(result.works()).isEmpty();
  }

  @Test
  void resourceFilterLimitsTheWork() {
    connector.resources.add("r2");

    BackfillResult result = backfill().run(request().addResourceIds("r2").build(), sink);

    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactly("r2");
  }

  @Test
  void throwingListenerDoesNotStopTheRun() {
    BackfillResult result = backfill().start(request().build(), sink, new BackfillListener() {
      @Override
      public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, java.util.OptionalLong estimatedTotalPages) {
        throw new IllegalStateException("progress bar broke");
      }
    }).await();

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
  }

  @Test
  void listenerHearsPagesWithEstimatesDispatchesAndWorkDone() {
    List<String> heard = new CopyOnWriteArrayList<>();
    backfill().start(request().build(), sink, new BackfillListener() {
      @Override
      public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, java.util.OptionalLong estimatedTotalPages) {
        heard.add("page " + pageNumber + "/" + estimatedTotalPages.orElse(-1));
      }

      @Override
      public void eventsDispatched(CheckpointKey key, long pageNumber, int events) {
        heard.add("sent " + events);
      }

      @Override
      public void workDone(WorkResult result) {
        heard.add("done " + result.status());
      }
    }).await();

    assertThat(heard).containsExactly("page 1/3", "sent 2", "page 2/3", "sent 2", "page 3/3", "sent 2", "done COMPLETED");
  }

  @Test
  void aSecondRunOfAWorkInProgressIsRefusedAndALaterOneFindsItCovered() throws Exception {
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    connector.hook = request -> {
      fetching.countDown();
      awaitUninterruptibly(release);
      return null;
    };
    Backfill backfill = backfill();
    BackfillHandle first = backfill.start(request().build(), sink);
    assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();

    InMemorySink secondSink = new InMemorySink();
    BackfillResult second = backfill().run(request().build(), secondSink);
    release.countDown();
    BackfillResult firstResult = first.await();
    BackfillResult later = backfill().run(request().build(), new InMemorySink());

    assertThat(second.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(second.works()).singleElement().satisfies(work -> assertThat(work.error()).hasValueSatisfying(error ->
        assertThat(error).isInstanceOf(StateLockedException.class).hasMessageContaining(key("r1", "alpha").toString())));
    assertThat(secondSink.events()).isEmpty();
    assertThat(firstResult.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(delivered()).isEqualTo(connector.expected("alpha"));
    assertThat(later.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(later.works()).singleElement().satisfies(work -> assertThat(work.fetched()).isEmpty());
  }

  @Test
  void globalWorkerLimitHoldsAcrossRuns() throws Exception {
    connector.resources.addAll(List.of("r2", "r3", "r4"));
    connector.hook = request -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        throw new BackfillCancelledException("interrupted");
      }
      return null;
    };
    Backfill backfill = Backfill.builder().connectors(Connectors.of(connector)).maxWorkers(2).maxWorkersPerConnection(4).build();

    BackfillHandle first = backfill.start(request().concurrency(4).build(), new InMemorySink());
    BackfillHandle second = backfill.start(request().connectionId("conn-2").concurrency(4).build(), new InMemorySink());

    assertThat(first.await().status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(second.await().status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(connector.maxInFlight.get()).isEqualTo(2);
  }

  @Test
  void perConnectionWorkerLimitHoldsAcrossRunsOfThatConnection() {
    connector.resources.addAll(List.of("r2", "r3", "r4"));
    connector.hook = request -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        throw new BackfillCancelledException("interrupted");
      }
      return null;
    };
    Backfill backfill = Backfill.builder().connectors(Connectors.of(connector)).maxWorkers(16).maxWorkersPerConnection(1).build();

    BackfillHandle first = backfill.start(request().concurrency(4).build(), new InMemorySink());
    BackfillHandle second = backfill.start(request().addEntityTypes("beta").concurrency(4).build(), new InMemorySink());
    first.await();
    second.await();

    assertThat(connector.maxInFlight.get()).isEqualTo(1);
  }

  @Test
  void worksRunAtOnceAsManyAsTheConnectionMayHaveRequestsInFlight() {
    ScriptedConnector sixAtOnce = new ScriptedConnector() {
      @Override
      public dev.backfill.core.http.HttpProfile httpProfile(dev.backfill.core.spi.Settings settings) {
        return dev.backfill.core.http.HttpProfile.builder().from(super.httpProfile(settings)).maxConcurrentRequests(6).build();
      }
    };
    sixAtOnce.resources.addAll(List.of("r2", "r3", "r4", "r5", "r6", "r7", "r8"));
    java.util.concurrent.Phaser arrived = new java.util.concurrent.Phaser(6);
    sixAtOnce.hook = request -> {
      if (request.cursor().isEmpty()) {
        arrived.arrive();
        try {
          arrived.awaitAdvanceInterruptibly(0, 10, TimeUnit.SECONDS);
        } catch (InterruptedException | java.util.concurrent.TimeoutException notSix) {
          throw new IllegalStateException("fewer than 6 works at once", notSix);
        }
      }
      return null;
    };

    BackfillResult result = Backfill.builder().connectors(Connectors.of(sixAtOnce)).build().run(request().build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sixAtOnce.maxInFlight).hasValue(6);
  }

  @Test
  void estimateSumsPagesAndComparesWithTheAnnouncedBudget() {
    WireMockServer server = new WireMockServer(options().dynamicPort());
    server.start();
    try {
      server.stubFor(get("/count").willReturn(okJson("{}").withHeader("x-ratelimit-remaining", "100")));
      ScriptedConnector counting = new ScriptedConnector() {
        @Override
        public dev.backfill.core.http.HttpProfile httpProfile(dev.backfill.core.spi.Settings settings) {
          return dev.backfill.core.http.HttpProfile.builder().provider("scripted").apiBase(URI.create(server.baseUrl()))
              .rateLimitPolicy(dev.backfill.core.http.HeaderRateLimitPolicy.builder()
                  .remainingHeader("x-ratelimit-remaining").reserve(10).build())
              .build();
        }
      };
      counting.resources.add("r2");
      counting.pages = 40;
      counting.estimates.put("r1", -1);
      counting.estimates.put("r2", -1);
      Backfill backfill = Backfill.builder().connectors(Connectors.of(counting)).build();

      BackfillEstimate estimate = backfill.estimate(request().build());

      assertThat(estimate.works()).hasSize(2);
      assertThat(estimate.estimatedRequests()).isEqualTo(80);
      assertThat(estimate.requestsUsed()).isEqualTo(2);
      assertThat(estimate.remainingBudget()).hasValue(100);
      assertThat(estimate.fitsRemainingBudget()).hasValue(true);

      counting.pages = 46;
      assertThat(backfill.estimate(request().build()).fitsRemainingBudget()).hasValue(false);
    } finally {
      server.stop();
    }
  }

  @Test
  void estimateCannotSayWhetherItFitsWithoutACount() {
    BackfillEstimate estimate = backfill().estimate(request().build());

    assertThat(estimate.worksWithoutEstimate()).isEqualTo(1);
    assertThat(estimate.fitsRemainingBudget()).isEmpty();
  }

  @Test
  void serviceLoaderFindsRegisteredConnectors() {
    Connectors found = Connectors.load();

    assertThat(found.providers()).contains("scripted");
    assertThat(found.get("scripted")).isInstanceOf(ScriptedConnector.class);
  }
}
