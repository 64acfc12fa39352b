package dev.backfill.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.github.GitHubWebhooks;
import dev.backfill.testkit.github.GitHubArbitraries;
import dev.backfill.testkit.github.GitHubPullRequest;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
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

/** Transform throughput of GitHub pull requests: list items per second on the backfill path, payloads on the webhook path. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:ActiveProcessorCount=1")
public class GitHubTransformBenchmark {
  private static final int ITEMS = 1000;
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final GitHubRepository REPO = GitHubRepository.of("acme/api", 1, NOW);

  private final List<ObjectNode> listItems = new ArrayList<>();
  private final List<ObjectNode> webhooks = new ArrayList<>();
  private final TransformContext backfill = TransformContext.backfill(NOW);
  private final TransformContext webhook = TransformContext.webhook("guid", NOW);

  @Setup(Level.Trial)
  public void generate() {
    JqwikSession.start();
    try {
      Arbitrary<GitHubPullRequest> prs = GitHubArbitraries.pullRequests(NOW, 90);
      Random random = new Random(7);
      for (int i = 0; i < ITEMS; i++) {
        GitHubPullRequest pr = prs.generator(100).next(random).value();
        listItems.add(pr.toListItem(REPO));
        webhooks.add(pr.toWebhook(REPO, GitHubUser.of("sender", 2), 3));
      }
    } finally {
      JqwikSession.finish();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void backfillPath(Blackhole sink) {
    ObjectNode repository = dev.backfill.github.internal.GitHubListAdapters.repository("acme/api");
    for (ObjectNode item : listItems) {
      ObjectNode envelope = dev.backfill.github.internal.GitHubListAdapters.pullRequest(item, repository);
      SourceEvent event = GitHubWebhooks.transform("pull_request", envelope, backfill).orElseThrow();
      sink.consume(event);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void webhookPath(Blackhole sink) {
    for (ObjectNode payload : webhooks) {
      sink.consume(GitHubWebhooks.transform("pull_request", payload, webhook).orElseThrow());
    }
  }
}
