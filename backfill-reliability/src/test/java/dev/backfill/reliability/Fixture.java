package dev.backfill.reliability;

import dev.backfill.core.Connectors;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the reliability tests share: the instant runs are pinned to, fast HTTP settings, and every
 * provider the class path has a fake of, found with ServiceLoader; the tests name no provider.
 */
final class Fixture {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  /** Items of each entity type per resource in a fake. */
  static final int SIZE = 30;
  /** Items per page the connections ask for. */
  static final int PAGE_SIZE = 5;

  static final HttpSettings FAST = HttpSettings.builder()
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .maxAttempts(8)
      .requestTimeout(Duration.ofMillis(800))
      .maxRateLimitWait(Duration.ofSeconds(10))
      .maxThrottleWaits(50)
      .build();

  private Fixture() {}

  /** Every provider with both a connector and a fake on the class path. */
  static List<FakeConnection> providers() {
    Connectors connectors = Connectors.load();
    List<FakeConnection> found = FakeConnection.load();
    found.removeIf(fake -> !connectors.providers().contains(fake.provider()));
    return found;
  }

  static BackfillConnector connector(FakeConnection provider) {
    return Connectors.load().get(provider.provider());
  }

  /** Starts {@code provider}'s fake of {@link #SIZE} with {@code conditions}, seeded by provider. */
  static FakeProvider start(FakeConnection provider, Consumer<FakeProvider.Builder<?>> conditions) {
    return provider.start(40 + Math.abs(provider.provider().hashCode() % 10), NOW, SIZE, conditions);
  }
}
