package dev.backfill.testkit.github;

import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** {@link FakeGitHub} as a {@link FakeConnection}: one repository, {@code acme/api}. */
public final class FakeGitHubConnection implements FakeConnection {
  @Override
  public String provider() {
    return "github";
  }

  @Override
  public List<String> entityTypes() {
    return List.of("pull_request", "issue", "release");
  }

  @Override
  public FakeProvider start(long seed, Instant now, int size, Consumer<FakeProvider.Builder<?>> conditions) {
    FakeGitHub.Builder builder = FakeGitHub.builder().seed(seed).repositories("acme/api").pullRequestsPerRepository(size)
        .issuesPerRepository(size * 5 / 8).releasesPerRepository(Math.max(1, size / 8)).history(now, 60);
    conditions.accept(builder);
    return builder.start();
  }

  @Override
  public Map<String, String> settings(FakeProvider fake, int pageSize) {
    return Map.of("baseUrl", fake.baseUrl(), "repositories", "acme/api", "pageSize", Integer.toString(pageSize), "rateLimitReserve", "1");
  }

  @Override
  public Set<String> expectedSourceIds(FakeProvider fake, Window range, List<String> entityTypes) {
    return ((FakeGitHub) fake).expectedSourceIds(range, entityTypes);
  }
}
