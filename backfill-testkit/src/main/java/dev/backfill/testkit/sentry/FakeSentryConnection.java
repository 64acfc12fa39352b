package dev.backfill.testkit.sentry;

import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** {@link FakeSentry} as a {@link FakeConnection}: two projects of one organization. */
public final class FakeSentryConnection implements FakeConnection {
  @Override
  public String provider() {
    return "sentry";
  }

  @Override
  public List<String> entityTypes() {
    return List.of("issue");
  }

  @Override
  public FakeProvider start(long seed, Instant now, int size, Consumer<FakeProvider.Builder<?>> conditions) {
    FakeSentry.Builder builder = FakeSentry.builder().seed(seed).projects(2).issuesPerProject(size).history(now, 60);
    conditions.accept(builder);
    return builder.start();
  }

  @Override
  public Map<String, String> settings(FakeProvider fake, int pageSize) {
    return Map.of("baseUrl", fake.baseUrl(), "organization", ((FakeSentry) fake).organization(), "pageSize", Integer.toString(pageSize),
        "rateLimitReserve", "1");
  }

  @Override
  public Set<String> expectedSourceIds(FakeProvider fake, Window range, List<String> entityTypes) {
    return ((FakeSentry) fake).expectedSourceIds(range);
  }
}
