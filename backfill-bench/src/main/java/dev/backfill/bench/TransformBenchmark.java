package dev.backfill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.TransformContext;
import dev.backfill.github.GitHubWebhooks;
import dev.backfill.github.internal.GitHubListAdapters;
import dev.backfill.linear.LinearWebhooks;
import dev.backfill.linear.internal.LinearListAdapter;
import dev.backfill.sentry.SentryWebhooks;
import dev.backfill.sentry.internal.SentryListAdapter;
import dev.backfill.testkit.SeededSamples;
import dev.backfill.testkit.github.GitHubArbitraries;
import dev.backfill.testkit.github.GitHubPullRequest;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import dev.backfill.testkit.linear.LinearArbitraries;
import dev.backfill.testkit.linear.LinearIssue;
import dev.backfill.testkit.sentry.SentryArbitraries;
import dev.backfill.testkit.sentry.SentryIssue;
import dev.backfill.testkit.vercel.VercelArbitraries;
import dev.backfill.testkit.vercel.VercelDeployment;
import dev.backfill.vercel.VercelWebhooks;
import dev.backfill.vercel.internal.VercelListAdapter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Items per second on one core, per provider: the backfill path (list item to webhook envelope to
 * event), the webhook path (delivery to event), and parsing a 100-item GitHub list page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:ActiveProcessorCount=1")
public class TransformBenchmark {
  private static final int ITEMS = 1000;
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(30));
  private static final GitHubRepository REPO = GitHubRepository.of("acme/api", 1, NOW);
  private static final ObjectReader JSON = BackfillJson.newMapper().reader();

  private final List<JsonNode> githubItems = new ArrayList<>();
  private final List<JsonNode> githubWebhooks = new ArrayList<>();
  private final List<JsonNode> vercelItems = new ArrayList<>();
  private final List<JsonNode> vercelWebhooks = new ArrayList<>();
  private final List<JsonNode> linearNodes = new ArrayList<>();
  private final List<JsonNode> linearWebhooks = new ArrayList<>();
  private final List<JsonNode> sentryItems = new ArrayList<>();
  private final List<JsonNode> sentryWebhooks = new ArrayList<>();
  private byte[] githubPage;
  private final TransformContext backfill = TransformContext.backfill(NOW);
  private final TransformContext webhook = TransformContext.webhook("guid", NOW);

  @Setup(Level.Trial)
  public void generate() {
    SeededSamples.inSession(() -> {
      Random random = new Random(7);
      for (GitHubPullRequest pr : SeededSamples.distinct(GitHubArbitraries.pullRequests(NOW, 90), random, ITEMS, pr -> pr)) {
        githubItems.add(pr.toListItem(REPO));
        githubWebhooks.add(pr.toWebhook(REPO, GitHubUser.of("sender", 2), 3));
      }
      for (VercelDeployment d : SeededSamples.distinct(VercelArbitraries.deployments("prj_1", "web", NOW, 90), random, ITEMS, VercelDeployment::uid)) {
        vercelItems.add(d.toListItem());
        vercelWebhooks.add(d.toWebhook(Optional.of("team_1"), "evt"));
      }
      for (LinearIssue issue : SeededSamples.distinct(LinearArbitraries.issues("team-1", "ENG", NOW, 90), random, ITEMS, LinearIssue::identifier)) {
        linearNodes.add(issue.toNode());
        linearWebhooks.add(issue.toWebhook(issue.inferredAction(SINCE), NOW));
      }
      for (SentryIssue issue : SeededSamples.distinct(SentryArbitraries.issues("1", "web", NOW, 90), random, ITEMS, SentryIssue::id)) {
        sentryItems.add(issue.toListItem());
        sentryWebhooks.add(issue.toWebhook(false));
      }
    });
    ArrayNode page = JsonNodeFactory.instance.arrayNode();
    githubItems.subList(0, 100).forEach(page::add);
    githubPage = page.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void githubBackfillPath(Blackhole sink) {
    ObjectNode repository = GitHubListAdapters.repository("acme/api");
    for (JsonNode item : githubItems) {
      sink.consume(GitHubWebhooks.transform("pull_request", GitHubListAdapters.pullRequest(item, repository), backfill));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void githubWebhookPath(Blackhole sink) {
    for (JsonNode payload : githubWebhooks) {
      sink.consume(GitHubWebhooks.transform("pull_request", payload, webhook));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void vercelBackfillPath(Blackhole sink) {
    for (JsonNode item : vercelItems) {
      ObjectNode envelope = VercelListAdapter.envelope(item, "prj_1", Optional.of("team_1"));
      sink.consume(VercelWebhooks.transform(envelope.get("type").asText(), envelope, backfill));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void vercelWebhookPath(Blackhole sink) {
    for (JsonNode envelope : vercelWebhooks) {
      sink.consume(VercelWebhooks.transform(envelope.get("type").asText(), envelope, webhook));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void linearBackfillPath(Blackhole sink) {
    for (JsonNode node : linearNodes) {
      sink.consume(LinearWebhooks.transform(LinearListAdapter.issue(node, SINCE), backfill));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void linearWebhookPath(Blackhole sink) {
    for (JsonNode envelope : linearWebhooks) {
      sink.consume(LinearWebhooks.transform(envelope, webhook));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void sentryBackfillPath(Blackhole sink) {
    for (JsonNode item : sentryItems) {
      sink.consume(SentryWebhooks.transform("issue", SentryListAdapter.envelope(item), backfill));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void sentryWebhookPath(Blackhole sink) {
    for (JsonNode payload : sentryWebhooks) {
      sink.consume(SentryWebhooks.transform("issue", payload, webhook));
    }
  }

  /** Parses one 100-item GitHub list page (about 120 KB) as the HTTP client does; items per second = 100 x score. */
  @Benchmark
  public JsonNode githubPageParsing() throws IOException {
    return JSON.readTree(githubPage);
  }
}
