package dev.backfill.cli;

import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.Depth;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo's providers: each fake the testkit registers (see {@link FakeConnection}) started on
 * loopback with generated data up to a second before {@link #now}, the request that backfills
 * the 30 days up to {@code now}, and the sourceIds that run must emit. It names no provider.
 */
final class DemoData implements AutoCloseable {
  static final Depth DEPTH = Depth.DAYS_30;
  private static final Duration LATENCY = Duration.ofMillis(15);
  private static final int SIZE = 120;
  private static final int PAGE_SIZE = 25;

  /** One provider of the demo. */
  static final class Provider {
    final BackfillRequest request;
    final Set<String> expected;

    Provider(BackfillRequest request, Set<String> expected) {
      this.request = request;
      this.expected = expected;
    }
  }

  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  final List<Provider> providers = new ArrayList<>();
  private final List<FakeProvider> fakes = new ArrayList<>();

  DemoData() {
    Window range = Window.of(now.minus(DEPTH.duration()), now);
    for (FakeConnection connection : FakeConnection.load()) {
      FakeProvider fake = connection.start(7, now.minusSeconds(1), SIZE, builder -> builder.latency(LATENCY));
      fakes.add(fake);
      providers.add(new Provider(BackfillRequest.builder()
          .provider(connection.provider())
          .connectionId("demo")
          .credentials(CredentialProvider.staticToken("demo-token"))
          .settings(connection.settings(fake, PAGE_SIZE))
          .entityTypes(connection.entityTypes())
          .depth(DEPTH)
          .until(now)
          .build(), connection.expectedSourceIds(fake, range, connection.entityTypes())));
    }
  }

  @Override
  public void close() {
    fakes.forEach(FakeProvider::close);
  }
}
