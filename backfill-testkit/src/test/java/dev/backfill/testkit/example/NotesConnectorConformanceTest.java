package dev.backfill.testkit.example;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The example connector passes the conformance suite against its fake. */
class NotesConnectorConformanceTest extends ConnectorConformanceTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static FakeNotes fake;

  @BeforeAll
  static void startFake() {
    fake = FakeNotes.builder().seed(42).projects("alpha", "beta").notesPerProject(23).history(NOW, 60).start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected BackfillConnector connector() {
    return new NotesConnector();
  }

  @Override
  protected String baseUrl() {
    return fake.baseUrl() + "/api";
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
