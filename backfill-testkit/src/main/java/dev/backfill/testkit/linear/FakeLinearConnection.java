package dev.backfill.testkit.linear;

import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link FakeLinear} as a {@link FakeConnection}: one team, {@code ENG}. Linear pages are sized by
 * query complexity, so the page size becomes a complexity cap (an issue costs about 35 points).
 */
public final class FakeLinearConnection implements FakeConnection {
  @Override
  public String provider() {
    return "linear";
  }

  @Override
  public List<String> entityTypes() {
    return List.of("issue", "comment", "project");
  }

  @Override
  public FakeProvider start(long seed, Instant now, int size, Consumer<FakeProvider.Builder<?>> conditions) {
    FakeLinear.Builder builder = FakeLinear.builder().seed(seed).teams("ENG").issuesPerTeam(size).commentsPerTeam(Math.max(1, size / 2))
        .projectsPerTeam(Math.max(1, size / 8)).history(now, 60);
    conditions.accept(builder);
    return builder.start();
  }

  @Override
  public Map<String, String> settings(FakeProvider fake, int pageSize) {
    return Map.of("baseUrl", fake.baseUrl(), "complexityCap", Integer.toString(pageSize * 40), "pageSize", Integer.toString(pageSize),
        "rateLimitReserve", "1");
  }

  @Override
  public Set<String> expectedSourceIds(FakeProvider fake, Window range, List<String> entityTypes) {
    return ((FakeLinear) fake).expectedSourceIds(range, entityTypes);
  }
}
