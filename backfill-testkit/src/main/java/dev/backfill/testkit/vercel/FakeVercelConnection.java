package dev.backfill.testkit.vercel;

import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** {@link FakeVercel} as a {@link FakeConnection}: two projects of one team. */
public final class FakeVercelConnection implements FakeConnection {
  @Override
  public String provider() {
    return "vercel";
  }

  @Override
  public List<String> entityTypes() {
    return List.of("deployment");
  }

  @Override
  public FakeProvider start(long seed, Instant now, int size, Consumer<FakeProvider.Builder<?>> conditions) {
    FakeVercel.Builder builder = FakeVercel.builder().seed(seed).projects(2).deploymentsPerProject(size).teamId("team_fake").history(now, 60);
    conditions.accept(builder);
    return builder.start();
  }

  @Override
  public Map<String, String> settings(FakeProvider fake, int pageSize) {
    return Map.of("baseUrl", fake.baseUrl(), "teamId", "team_fake", "pageSize", Integer.toString(pageSize), "rateLimitReserve", "1");
  }

  @Override
  public Set<String> expectedSourceIds(FakeProvider fake, Window range, List<String> entityTypes) {
    return ((FakeVercel) fake).expectedSourceIds(range);
  }
}
