package dev.backfill.core.run;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PageStepperTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final ScriptedConnector connector = new ScriptedConnector();
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
  private final PageStepper stepper = PageStepper.create(Connectors.of(connector), store, HttpSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
  private final BackfillRequest request = BackfillRequest.builder().provider("scripted").connectionId("c")
      .credentials(CredentialProvider.staticToken("t")).depth(Depth.DAYS_7).build();

  @Test
  void stepsAWorkPageByPageToCompletionAsTheRunnerWould() {
    RunPlan plan = stepper.plan(request);
    Resource resource = plan.resources().get(0);
    InMemorySink sink = new InMemorySink();

    Checkpoint checkpoint = stepper.begin(request, resource, "alpha", plan.window());
    int steps = 0;
    while (checkpoint.status() != BackfillStatus.COMPLETED) {
      checkpoint = stepper.step(request, resource, checkpoint, sink);
      steps++;
    }

    assertThat(plan.window().since()).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(plan.entityTypes()).containsExactly("alpha");
    assertThat(steps).isEqualTo(3);
    assertThat(sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet())).isEqualTo(connector.expected("alpha"));
    assertThat(store.load(checkpoint.key())).hasValue(checkpoint);
    assertThat(stepper.begin(request, resource, "alpha", plan.window())).isEqualTo(checkpoint);
  }

  @Test
  void aFailedStepLeavesTheCheckpointAndEndRecordsTheFailure() {
    connector.hook = page -> {
      if (page.pageNumber() == 2) {
        throw new ProviderApiException("scripted", 500, "http://x", "boom");
      }
      return null;
    };
    RunPlan plan = stepper.plan(request);
    Resource resource = plan.resources().get(0);
    Checkpoint first = stepper.step(request, resource, stepper.begin(request, resource, "alpha", plan.window()), new InMemorySink());

    ProviderApiException failure = catchThrowableOfType(ProviderApiException.class,
        () -> stepper.step(request, resource, first, new InMemorySink()));
    Checkpoint ended = stepper.end(request, resource, first, BackfillStatus.FAILED, failure);

    assertThat(ended.cursor()).hasValue(PageCursor.of("p2"));
    assertThat(ended.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(ended.lastError().orElseThrow()).contains("boom");
    assertThat(store.load(first.key())).hasValue(ended);
    assertThatThrownBy(() -> stepper.end(request, resource, first, BackfillStatus.COMPLETED, failure)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endNeverMovesTheStoredCheckpointBackBehindAStepTheCallerNeverSaw() {
    RunPlan plan = stepper.plan(request);
    Resource resource = plan.resources().get(0);
    InMemorySink sink = new InMemorySink();
    Checkpoint first = stepper.step(request, resource, stepper.begin(request, resource, "alpha", plan.window()), sink);
    Checkpoint unseen = stepper.step(request, resource, first, sink);

    Checkpoint cancelled = stepper.end(request, resource, first, BackfillStatus.CANCELLED, new BackfillException("cancelled"));

    assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(cancelled.cursor()).isEqualTo(unseen.cursor()).isPresent();
    assertThat(cancelled.counts().pages()).isEqualTo(2);
    assertThat(cancelled.counts().events()).isEqualTo(sink.events().size());
    assertThat(store.load(first.key())).hasValue(cancelled);

    Checkpoint completed = stepper.step(request, resource, stepper.begin(request, resource, "alpha", plan.window()), sink);
    assertThat(completed.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(stepper.end(request, resource, first, BackfillStatus.FAILED, new BackfillException("late"))).isEqualTo(completed);
    assertThat(store.load(first.key())).hasValue(completed);
  }

  @Test
  void aRotatedCredentialOrAChangedBaseUrlIsUsedByTheNextPage() {
    WireMockServer first = new WireMockServer(options().dynamicPort());
    WireMockServer moved = new WireMockServer(options().dynamicPort());
    first.start();
    moved.start();
    try {
      for (WireMockServer server : List.of(first, moved)) {
        server.stubFor(get(urlPathEqualTo("/ping")).willReturn(okJson("{}")));
      }
      connector.hook = page -> {
        connector.lastContext.get().http().get(connector.lastContext.get().http().resolve("ping"));
        return null;
      };
      RunPlan plan = stepper.plan(request);
      Resource resource = plan.resources().get(0);
      Checkpoint checkpoint = stepper.begin(request, resource, "alpha", plan.window());

      BackfillRequest withToken1 = BackfillRequest.builder().from(request).credentials(CredentialProvider.staticToken("token-1"))
          .putSettings("baseUrl", first.baseUrl()).build();
      checkpoint = stepper.step(withToken1, resource, checkpoint, new InMemorySink());
      BackfillRequest rotated = BackfillRequest.builder().from(withToken1).credentials(CredentialProvider.staticToken("token-2")).build();
      checkpoint = stepper.step(rotated, resource, checkpoint, new InMemorySink());
      BackfillRequest movedBase = BackfillRequest.builder().from(rotated).putSettings("baseUrl", moved.baseUrl()).build();
      stepper.step(movedBase, resource, checkpoint, new InMemorySink());

      assertThat(first.findAll(getRequestedFor(urlPathEqualTo("/ping"))))
          .extracting(recorded -> recorded.getHeader("Authorization"))
          .containsExactly("Bearer token-1", "Bearer token-2");
      assertThat(moved.findAll(getRequestedFor(urlPathEqualTo("/ping")))).hasSize(1);
    } finally {
      first.stop();
      moved.stop();
    }
  }

  @Test
  void tenThousandConnectionsKeepTheClientCacheAtItsBound() {
    for (int i = 0; i < 10_000; i++) {
      BackfillRequest connection = BackfillRequest.builder().from(request).connectionId("connection-" + i)
          .credentials(CredentialProvider.staticToken("token-" + i)).build();
      stepper.plan(connection);
    }

    assertThat(stepper.cachedClients()).isEqualTo(RunLifecycle.MAX_CACHED_CLIENTS);
  }
}
