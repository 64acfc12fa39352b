package dev.backfill.cli;

import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.Depth;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.github.FakeGitHub;
import dev.backfill.testkit.linear.FakeLinear;
import dev.backfill.testkit.sentry.FakeSentry;
import dev.backfill.testkit.vercel.FakeVercel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo's providers: each testkit fake started on loopback with generated data, the request
 * that backfills it at depth 30, and the sourceIds that run must emit.
 */
final class DemoData implements AutoCloseable {
  static final Depth DEPTH = Depth.DAYS_30;
  private static final Duration LATENCY = Duration.ofMillis(15);

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
    Instant since = now.minus(DEPTH.duration());
    FakeGitHub github = started(FakeGitHub.builder().seed(7).repositories("acme/api", "acme/web").pullRequestsPerRepository(160)
        .issuesPerRepository(90).releasesPerRepository(10).history(now, 60).latency(LATENCY).start());
    providers.add(new Provider(request("github").putSettings("baseUrl", github.baseUrl())
        .putSettings("repositories", "acme/api,acme/web").putSettings("pageSize", "25").build(),
        github.expectedSourceIds(since, List.of("pull_request", "issue", "release"))));
    FakeVercel vercel = started(FakeVercel.builder().seed(7).projects(2).deploymentsPerProject(120).history(now, 60)
        .teamId("team_demo").latency(LATENCY).start());
    providers.add(new Provider(request("vercel").putSettings("baseUrl", vercel.baseUrl()).putSettings("teamId", "team_demo")
        .putSettings("pageSize", "25").build(), vercel.expectedSourceIds(since)));
    FakeLinear linear = started(FakeLinear.builder().seed(7).teams("ENG", "OPS").issuesPerTeam(80).commentsPerTeam(40).projectsPerTeam(6)
        .history(now, 60).latency(LATENCY).start());
    providers.add(new Provider(request("linear").putSettings("baseUrl", linear.baseUrl()).putSettings("complexityCap", "900")
        .entityTypes(List.of("issue", "comment", "project")).build(),
        linear.expectedSourceIds(since, List.of("issue", "comment", "project"))));
    FakeSentry sentry = started(FakeSentry.builder().seed(7).projects(2).issuesPerProject(100).history(now, 60).latency(LATENCY).start());
    providers.add(new Provider(request("sentry").putSettings("baseUrl", sentry.baseUrl()).putSettings("organization", sentry.organization())
        .putSettings("pageSize", "25").build(), sentry.expectedSourceIds(since)));
  }

  private <T extends FakeProvider> T started(T fake) {
    fakes.add(fake);
    return fake;
  }

  private static dev.backfill.core.run.ImmutableBackfillRequest.Builder request(String provider) {
    return BackfillRequest.builder()
        .provider(provider)
        .connectionId("demo")
        .credentials(CredentialProvider.staticToken("demo-token"))
        .depth(DEPTH);
  }

  @Override
  public void close() {
    fakes.forEach(FakeProvider::close);
  }
}
