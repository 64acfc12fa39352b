package com.example.tickets;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The host's connector passes the testkit's conformance suite against its fake. */
class TicketsConnectorConformanceTest extends ConnectorConformanceTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static FakeTickets fake;

  @BeforeAll
  static void startFake() {
    fake = FakeTickets.builder().seed(17).history(NOW, 100).start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected BackfillConnector connector() {
    return new TicketsConnector();
  }

  @Override
  protected String baseUrl() {
    return fake.baseUrl();
  }

  @Override
  protected Map<String, String> settings(String baseUrl) {
    return Map.of(TicketsConnector.BASE_URL.key(), baseUrl, TicketsConnector.DESKS.key(), "support,billing",
        TicketsConnector.PAGE_SIZE.key(), "7");
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
