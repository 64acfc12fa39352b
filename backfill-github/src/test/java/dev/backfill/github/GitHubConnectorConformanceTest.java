package dev.backfill.github;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.ConnectorConformanceTest;
import dev.backfill.testkit.github.FakeGitHub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The GitHub connector passes the conformance suite against {@link FakeGitHub}. */
class GitHubConnectorConformanceTest extends ConnectorConformanceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static FakeGitHub fake;

  @BeforeAll
  static void startFake() {
    fake = FakeGitHub.builder()
        .seed(7)
        .repositories("acme/api", "acme/web")
        .pullRequestsPerRepository(90)
        .issuesPerRepository(50)
        .releasesPerRepository(8)
        .history(NOW, 120)
        .start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected BackfillConnector connector() {
    return new GitHubConnector();
  }

  @Override
  protected String baseUrl() {
    return fake.baseUrl();
  }

  @Override
  protected Map<String, String> settings(String baseUrl) {
    return Map.of(GitHubConnector.BASE_URL.key(), baseUrl, GitHubConnector.PAGE_SIZE.key(), "10");
  }

  @Override
  protected Instant now() {
    return NOW;
  }

  @Override
  protected Set<String> expectedSourceIds(Window range) {
    return fake.expectedSourceIds(range, List.of("pull_request", "issue", "release"));
  }
}
