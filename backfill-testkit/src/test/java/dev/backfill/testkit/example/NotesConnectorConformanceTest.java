package dev.backfill.testkit.example;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The example connector passes the conformance suite against its fake. */
class NotesConnectorConformanceTest extends ConnectorConformanceTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static WireMockServer server;
  static FakeNotes fake;

  @BeforeAll
  static void startFake() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    fake = new FakeNotes(42, List.of("alpha", "beta"), 23, 60, NOW, NotesConnector.PAGE_SIZE);
    fake.install(server);
  }

  @AfterAll
  static void stopFake() {
    server.stop();
  }

  @Override
  protected BackfillConnector connector() {
    return new NotesConnector();
  }

  @Override
  protected String baseUrl() {
    return server.baseUrl() + "/api";
  }

  @Override
  protected Map<String, String> settings(String baseUrl) {
    return Map.of(NotesConnector.BASE_URL.key(), baseUrl);
  }

  @Override
  protected Instant now() {
    return NOW;
  }

  @Override
  protected Set<String> expectedSourceIds(Window range) {
    return fake.sourceIdsIn(range);
  }
}
