package dev.backfill.linear;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import dev.backfill.testkit.linear.FakeLinear;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Linear connector passes the conformance suite against {@link FakeLinear}, for all three entity types. */
class LinearConnectorConformanceTest extends ConnectorConformanceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static FakeLinear fake;

  @BeforeAll
  static void startFake() {
    fake = FakeLinear.builder().seed(4).teams("ENG", "OPS").issuesPerTeam(40).commentsPerTeam(20).projectsPerTeam(6)
        .history(NOW, 120).start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected BackfillConnector connector() {
    return new LinearConnector();
  }

  @Override
  protected String baseUrl() {
    return fake.baseUrl();
  }

  @Override
  protected Map<String, String> settings(String baseUrl) {
    return Map.of(LinearConnector.BASE_URL.key(), baseUrl, LinearConnector.COMPLEXITY_CAP.key(), "350");
  }

  @Override
  protected List<String> entityTypes() {
    return List.of("issue", "comment", "project");
  }

  @Override
  protected Instant now() {
    return NOW;
  }

  @Override
  protected Set<String> expectedSourceIds(Window range) {
    return fake.expectedSourceIds(range, entityTypes());
  }
}
