package com.example.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillListener;
import dev.backfill.core.run.BackfillMdc;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.DedupSink;
import dev.backfill.core.sink.EventBatch;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.sink.InMemorySeenDeliveryIds;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.github.GitHubConnector;
import dev.backfill.micrometer.BackfillMetrics;
import dev.backfill.testkit.github.FakeGitHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A host's own GitHub backfill, written against the public API only: into a deduplicating sink of
 * its own that logs through SLF4J (Logback here), published to Micrometer.
 */
class HostBackfillTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  /** The host's sink: stores events and logs what it stored. */
  static final class StoringSink implements EventSink {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(StoringSink.class);
    final List<SourceEvent> stored = new CopyOnWriteArrayList<>();

    @Override
    public void accept(EventBatch batch) {
      stored.addAll(batch.events());
      LOG.info("stored {} events", batch.events().size());
    }
  }

  /** Keeps each log line with the MDC of the thread that logged it, as a file appender writes it. */
  private final ListAppender<ILoggingEvent> logLines = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent line) {
      line.prepareForDeferredProcessing();
      super.append(line);
    }
  };
  private final Logger sinkLogger = (Logger) LoggerFactory.getLogger(StoringSink.class);
  private FakeGitHub fake;

  @BeforeEach
  void captureTheSinksLogLines() {
    logLines.start();
    sinkLogger.addAppender(logLines);
    sinkLogger.setLevel(Level.INFO);
    sinkLogger.setAdditive(false);
  }

  @AfterEach
  void stop() {
    sinkLogger.detachAppender(logLines);
    sinkLogger.setAdditive(true);
    fake.close();
  }

  private static Backfill backfill() {
    return Backfill.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(HttpSettings.builder().initialBackoff(Duration.ofMillis(5)).build())
        .build();
  }

  private BackfillRequest request(String connectionId) {
    return BackfillRequest.builder()
        .provider("github")
        .connectionId(connectionId)
        .credentials(CredentialProvider.staticToken("host-token-for-tests"))
        .putSettings(GitHubConnector.BASE_URL.key(), fake.baseUrl())
        .putSettings(GitHubConnector.REPOSITORIES.key(), "acme/api")
        .depth(Depth.DAYS_90)
        .build();
  }

  @Test
  void backfillsGitHubIntoTheHostsSinkWithMetricsAndLogLinesThatNameThePage() {
    fake = FakeGitHub.builder().seed(4).repositories("acme/api").pullRequestsPerRepository(120).issuesPerRepository(80)
        .releasesPerRepository(5).history(NOW, 120).start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StoringSink sink = new StoringSink();

    BackfillResult result = backfill().start(request("workspace-7/github"), new DedupSink(sink, new InMemorySeenDeliveryIds()),
        BackfillMetrics.of(registry)).await();

    Set<String> expected = fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW),
        List.of("pull_request", "issue", "release"));
    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sink.stored).extracting(SourceEvent::sourceId).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(registry.get(BackfillMetrics.EVENTS).counters().stream().mapToDouble(Counter::count).sum())
        .isEqualTo(expected.size());
    assertThat(registry.get(BackfillMetrics.PAGES).tag("entity.type", "issue").counter().count())
        .isEqualTo((double) result.works().stream().filter(work -> work.key().entityType().equals("issue"))
            .mapToLong(work -> work.runCounts().pages()).sum());

    assertThat(logLines.list).isNotEmpty().allSatisfy(line -> {
      Map<String, String> context = line.getMDCPropertyMap();
      assertThat(context).containsEntry(BackfillMdc.PROVIDER, "github")
          .containsEntry(BackfillMdc.CONNECTION, "workspace-7/github")
          .containsEntry(BackfillMdc.RESOURCE, "acme/api")
          .containsKeys(BackfillMdc.ENTITY_TYPE, BackfillMdc.PAGE);
    });
    assertThat(logLines.list.stream().map(line -> line.getMDCPropertyMap().get(BackfillMdc.ENTITY_TYPE)).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("pull_request", "issue", "release");
    assertThat(logLines.list.stream().filter(line -> line.getMDCPropertyMap().get(BackfillMdc.ENTITY_TYPE).equals("issue"))
        .map(line -> line.getMDCPropertyMap().get(BackfillMdc.PAGE)).collect(Collectors.toList()))
        .as("each issue page's own number").doesNotHaveDuplicates().contains("1");
  }

  @Test
  void theLogContextIsRemovedAfterTheRun() throws Exception {
    fake = FakeGitHub.builder().seed(5).repositories("acme/api").pullRequestsPerRepository(3).issuesPerRepository(3)
        .releasesPerRepository(1).history(NOW, 120).start();
    List<Map<String, String>> afterEachWork = new CopyOnWriteArrayList<>();

    backfill().start(request("workspace-8/github"), new StoringSink(), new BackfillListener() {
      @Override
      public void workDone(WorkResult result) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        afterEachWork.add(context == null ? Map.of() : Map.copyOf(context));
      }
    }).await();

    assertThat(afterEachWork).hasSize(3).allSatisfy(context -> assertThat(context).isEmpty());
  }
}
