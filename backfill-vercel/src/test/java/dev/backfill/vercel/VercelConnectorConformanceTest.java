package dev.backfill.vercel;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import dev.backfill.testkit.vercel.FakeVercel;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Vercel connector passes the conformance suite against {@link FakeVercel}. */
class VercelConnectorConformanceTest extends ConnectorConformanceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static FakeVercel fake;

  @BeforeAll
  static void startFake() {
    fake = FakeVercel.builder().seed(5).projects(2).deploymentsPerProject(60).history(NOW, 120).teamId("team_conformance").start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected BackfillConnector connector() {
    return new VercelConnector();
  }

  @Override
  protected String baseUrl() {
    return fake.baseUrl();
  }

  @Override
  protected Map<String, String> settings(String baseUrl) {
    return Map.of(VercelConnector.BASE_URL.key(), baseUrl, VercelConnector.TEAM_ID.key(), "team_conformance", VercelConnector.PAGE_SIZE.key(), "5");
  }

  @Override
  protected Instant now() {
    return NOW;
  }

  @Override
  protected Set<String> expectedSourceIds(Window range) {
    return fake.expectedSourceIds(range);
  }
}
