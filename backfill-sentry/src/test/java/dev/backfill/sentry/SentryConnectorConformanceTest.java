package dev.backfill.sentry;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import dev.backfill.testkit.sentry.FakeSentry;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Sentry connector passes the conformance suite against {@link FakeSentry}. */
class SentryConnectorConformanceTest extends ConnectorConformanceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static FakeSentry fake;

  @BeforeAll
  static void startFake() {
    fake = FakeSentry.builder().seed(8).projects(2).issuesPerProject(60).history(NOW, 120).start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected BackfillConnector connector() {
    return new SentryConnector();
  }

  @Override
  protected String baseUrl() {
    return fake.baseUrl();
  }

  @Override
  protected Map<String, String> settings(String baseUrl) {
    return Map.of(SentryConnector.BASE_URL.key(), baseUrl, SentryConnector.ORGANIZATION.key(), fake.organization(), SentryConnector.PAGE_SIZE.key(), "5");
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
