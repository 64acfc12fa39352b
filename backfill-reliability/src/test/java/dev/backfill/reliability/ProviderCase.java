package dev.backfill.reliability;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.github.GitHubConnector;
import dev.backfill.linear.LinearConnector;
import dev.backfill.sentry.SentryConnector;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.github.FakeGitHub;
import dev.backfill.testkit.linear.FakeLinear;
import dev.backfill.testkit.sentry.FakeSentry;
import dev.backfill.testkit.vercel.FakeVercel;
import dev.backfill.vercel.VercelConnector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** One provider as the reliability tests drive it: its connector, a small fake with given faults, and what a run must emit. */
abstract class ProviderCase {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  final String name;

  ProviderCase(String name) {
    this.name = name;
  }

  abstract BackfillConnector connector();

  /** Starts the fake with {@code faults} applied to its builder. */
  abstract FakeProvider start(Consumer<FakeProvider.Builder<?>> faults);

  /** Settings that point the connector at the fake, with small pages and a small rate-limit reserve. */
  abstract Map<String, String> settings(FakeProvider fake);

  abstract Set<String> expected(FakeProvider fake, Instant since);

  abstract List<String> entityTypes();

  @Override
  public String toString() {
    return name;
  }

  static List<ProviderCase> all() {
    return List.of(github(), vercel(), linear(), sentry());
  }

  static ProviderCase github() {
    return new ProviderCase("github") {
      @Override
      BackfillConnector connector() {
        return new GitHubConnector();
      }

      @Override
      FakeProvider start(Consumer<FakeProvider.Builder<?>> faults) {
        FakeGitHub.Builder builder = FakeGitHub.builder().seed(41).repositories("acme/api").pullRequestsPerRepository(40)
            .issuesPerRepository(25).releasesPerRepository(5).history(NOW, 60);
        faults.accept(builder);
        return builder.start();
      }

      @Override
      Map<String, String> settings(FakeProvider fake) {
        return Map.of("baseUrl", fake.baseUrl(), "repositories", "acme/api", "pageSize", "5", "rateLimitReserve", "1");
      }

      @Override
      Set<String> expected(FakeProvider fake, Instant since) {
        return ((FakeGitHub) fake).expectedSourceIds(since, entityTypes());
      }

      @Override
      List<String> entityTypes() {
        return List.of("pull_request", "issue", "release");
      }
    };
  }

  static ProviderCase vercel() {
    return new ProviderCase("vercel") {
      @Override
      BackfillConnector connector() {
        return new VercelConnector();
      }

      @Override
      FakeProvider start(Consumer<FakeProvider.Builder<?>> faults) {
        FakeVercel.Builder builder = FakeVercel.builder().seed(42).projects(2).deploymentsPerProject(30).history(NOW, 60);
        faults.accept(builder);
        return builder.start();
      }

      @Override
      Map<String, String> settings(FakeProvider fake) {
        return Map.of("baseUrl", fake.baseUrl(), "pageSize", "5", "rateLimitReserve", "1");
      }

      @Override
      Set<String> expected(FakeProvider fake, Instant since) {
        return ((FakeVercel) fake).expectedSourceIds(since);
      }

      @Override
      List<String> entityTypes() {
        return List.of("deployment");
      }
    };
  }

  static ProviderCase linear() {
    return new ProviderCase("linear") {
      @Override
      BackfillConnector connector() {
        return new LinearConnector();
      }

      @Override
      FakeProvider start(Consumer<FakeProvider.Builder<?>> faults) {
        FakeLinear.Builder builder = FakeLinear.builder().seed(43).teams("ENG").issuesPerTeam(30).commentsPerTeam(15).projectsPerTeam(4)
            .history(NOW, 60);
        faults.accept(builder);
        return builder.start();
      }

      @Override
      Map<String, String> settings(FakeProvider fake) {
        return Map.of("baseUrl", fake.baseUrl(), "complexityCap", "200", "rateLimitReserve", "1");
      }

      @Override
      Set<String> expected(FakeProvider fake, Instant since) {
        return ((FakeLinear) fake).expectedSourceIds(since, entityTypes());
      }

      @Override
      List<String> entityTypes() {
        return List.of("issue", "comment", "project");
      }
    };
  }

  static ProviderCase sentry() {
    return new ProviderCase("sentry") {
      @Override
      BackfillConnector connector() {
        return new SentryConnector();
      }

      @Override
      FakeProvider start(Consumer<FakeProvider.Builder<?>> faults) {
        FakeSentry.Builder builder = FakeSentry.builder().seed(44).projects(2).issuesPerProject(30).history(NOW, 60);
        faults.accept(builder);
        return builder.start();
      }

      @Override
      Map<String, String> settings(FakeProvider fake) {
        return Map.of("baseUrl", fake.baseUrl(), "organization", ((FakeSentry) fake).organization(), "pageSize", "5", "rateLimitReserve", "1");
      }

      @Override
      Set<String> expected(FakeProvider fake, Instant since) {
        return ((FakeSentry) fake).expectedSourceIds(since);
      }

      @Override
      List<String> entityTypes() {
        return List.of("issue");
      }
    };
  }
}
