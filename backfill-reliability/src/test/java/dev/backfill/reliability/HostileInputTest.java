package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import dev.backfill.github.GitHubConnector;
import dev.backfill.github.GitHubWebhooks;
import dev.backfill.linear.LinearConnector;
import dev.backfill.linear.LinearWebhooks;
import dev.backfill.sentry.SentryConnector;
import dev.backfill.sentry.SentryWebhooks;
import dev.backfill.testkit.github.GitHubArbitraries;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import dev.backfill.testkit.linear.LinearArbitraries;
import dev.backfill.testkit.sentry.SentryArbitraries;
import dev.backfill.testkit.vercel.VercelArbitraries;
import dev.backfill.vercel.VercelConnector;
import dev.backfill.vercel.VercelWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Garbage and near-valid pages, headers, cursors and webhook bodies for every connector: the only
 * exceptions that may come out are typed {@link BackfillException}s, and whatever comes out as an
 * event is a complete one.
 */
class HostileInputTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Window WINDOW = Window.of(NOW.minus(Duration.ofDays(30)), NOW);
  private static final GitHubRepository REPO = GitHubRepository.of("acme/api", 1, NOW);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Provide
  Arbitrary<JsonNode> githubPages() {
    Arbitrary<JsonNode> valid = GitHubArbitraries.pullRequests(NOW, 60).list().ofSize(3).map(prs -> {
      ArrayNode page = JSON.arrayNode();
      prs.forEach(pr -> page.add(pr.toListItem(REPO)));
      return page;
    });
    return Arbitraries.oneOf(JsonMutations.of(valid, 6), JsonMutations.garbage());
  }

  @Provide
  Arbitrary<JsonNode> vercelPages() {
    Arbitrary<JsonNode> valid = VercelArbitraries.deployments("prj_1", "web", NOW, 60).list().ofSize(3).map(deployments -> {
      ObjectNode page = JSON.objectNode();
      ArrayNode items = page.putArray("deployments");
      deployments.forEach(deployment -> items.add(deployment.toListItem()));
      page.putObject("pagination").put("count", 3).put("next", 1_700_000_000_000L).putNull("prev");
      return page;
    });
    return Arbitraries.oneOf(JsonMutations.of(valid, 6), JsonMutations.garbage());
  }

  @Provide
  Arbitrary<JsonNode> sentryPages() {
    Arbitrary<JsonNode> valid = SentryArbitraries.issues("1", "web", NOW, 60).list().ofSize(3).map(issues -> {
      ArrayNode page = JSON.arrayNode();
      issues.forEach(issue -> page.add(issue.toListItem()));
      return page;
    });
    return Arbitraries.oneOf(JsonMutations.of(valid, 6), JsonMutations.garbage());
  }

  @Provide
  Arbitrary<JsonNode> linearPages() {
    Arbitrary<JsonNode> valid = LinearArbitraries.issues("team-1", "ENG", NOW, 60).list().ofSize(3).map(issues -> {
      ObjectNode page = JSON.objectNode();
      ObjectNode connection = page.putObject("data").putObject("team").putObject("issues");
      ArrayNode nodes = connection.putArray("nodes");
      issues.forEach(issue -> nodes.add(issue.toNode()));
      connection.putObject("pageInfo").put("hasNextPage", true).put("endCursor", "c1");
      return page;
    });
    return Arbitraries.oneOf(JsonMutations.of(valid, 6), JsonMutations.garbage());
  }

  @Provide
  Arbitrary<Optional<String>> cursors() {
    return Arbitraries.oneOf(
        Arbitraries.just(Optional.<String>empty()),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(Optional::of),
        Arbitraries.of("25:abc", ":", "0:100:0", "https://api.example.test/repositories/1/pulls?page=2", "not a uri %zz", "-5:x")
            .map(Optional::of));
  }

  @Provide
  Arbitrary<String> linkHeaders() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        Arbitraries.of("<https://api.example.test/x?page=2>; rel=\"next\", <https://api.example.test/x?page=oops>; rel=\"last\"",
            "<https://api.example.test/x?cursor=0:5:0>; rel=\"next\"; results=\"true\"; cursor=\"0:5:0\"",
            "<https://other.example.test/x?cursor=0:5:0>; rel=\"next\"; results=\"true\"", "<>; rel=next"));
  }

  @Property
  void githubPagesFailOnlyWithTypedErrors(@ForAll("githubPages") JsonNode body, @ForAll("cursors") Optional<String> cursor,
      @ForAll("linkHeaders") String link, @ForAll("githubEntities") String entityType) {
    survives(new GitHubConnector(), Map.of(), Resource.of("acme/api"), entityType, body, cursor, link);
  }

  @Provide
  Arbitrary<String> githubEntities() {
    return Arbitraries.of("pull_request", "issue", "release");
  }

  @Property
  void vercelPagesFailOnlyWithTypedErrors(@ForAll("vercelPages") JsonNode body, @ForAll("cursors") Optional<String> cursor) {
    survives(new VercelConnector(), Map.of(VercelConnector.TEAM_ID.key(), "team_1"), Resource.of("prj_1"), "deployment", body, cursor, "");
  }

  @Property
  void sentryPagesFailOnlyWithTypedErrors(@ForAll("sentryPages") JsonNode body, @ForAll("cursors") Optional<String> cursor,
      @ForAll("linkHeaders") String link) {
    survives(new SentryConnector(), Map.of(SentryConnector.ORGANIZATION.key(), "acme"), Resource.of("web"), "issue", body, cursor, link);
  }

  @Property
  void linearPagesFailOnlyWithTypedErrors(@ForAll("linearPages") JsonNode body, @ForAll("cursors") Optional<String> cursor) {
    Resource team = Resource.builder().id("ENG").putAttributes("teamId", "team-1").build();
    survives(new LinearConnector(), Map.of(), team, "issue", body, cursor, "");
  }

  @Property
  void resourceListingsFailOnlyWithTypedErrors(@ForAll("anyBody") JsonNode body, @ForAll("linkHeaders") String link) {
    for (BackfillConnector connector : List.of(new GitHubConnector(), new VercelConnector(), new SentryConnector(), new LinearConnector())) {
      Map<String, String> settings = connector instanceof SentryConnector ? Map.of(SentryConnector.ORGANIZATION.key(), "acme") : Map.of();
      typedOnly(() -> connector.resources(context(connector, settings, body, link, 200)));
    }
  }

  @Provide
  Arbitrary<JsonNode> anyBody() {
    return Arbitraries.oneOf(JsonMutations.garbage(), githubPages(), vercelPages(), sentryPages(), linearPages());
  }

  @Property
  void webhookBodiesFailOnlyWithTypedErrors(@ForAll("webhookBodies") JsonNode body, @ForAll("webhookKinds") String kind) {
    TransformContext context = TransformContext.webhook("d", NOW);
    typedOnly(() -> GitHubWebhooks.transform(kind, body, context).ifPresent(HostileInputTest::complete));
    typedOnly(() -> SentryWebhooks.transform(kind, body, context).ifPresent(HostileInputTest::complete));
    typedOnly(() -> VercelWebhooks.transform(kind, body, context).ifPresent(HostileInputTest::complete));
    typedOnly(() -> LinearWebhooks.transform(body, context).ifPresent(HostileInputTest::complete));
  }

  @Provide
  Arbitrary<String> webhookKinds() {
    return Arbitraries.of("pull_request", "issues", "release", "push", "issue", "error", "event_alert", "metric_alert",
        "deployment.succeeded", "deployment.created", "ping");
  }

  @Provide
  Arbitrary<JsonNode> webhookBodies() {
    Arbitrary<JsonNode> github = GitHubArbitraries.pullRequests(NOW, 60).map(pr -> pr.toWebhook(REPO, GitHubUser.of("s", 1), 1));
    Arbitrary<JsonNode> vercel = VercelArbitraries.deployments("prj_1", "web", NOW, 60).map(d -> d.toWebhook(Optional.empty(), "e"));
    Arbitrary<JsonNode> sentry = SentryArbitraries.issues("1", "web", NOW, 60).map(issue -> issue.toWebhook(false));
    Arbitrary<JsonNode> linear = LinearArbitraries.issues("team-1", "ENG", NOW, 60).map(issue -> issue.toWebhook("update", NOW));
    return JsonMutations.of(Arbitraries.oneOf(github, vercel, sentry, linear), 5);
  }

  private static void survives(BackfillConnector connector, Map<String, String> settings, Resource resource, String entityType,
      JsonNode body, Optional<String> cursor, String link) {
    PageRequest request = PageRequest.builder()
        .resource(resource)
        .entityType(entityType)
        .window(WINDOW)
        .cursor(cursor.map(PageCursor::of))
        .pageNumber(2)
        .build();
    for (int status : List.of(200, 400)) {
      typedOnly(() -> {
        Page page = connector.fetchPage(context(connector, settings, body, link, status), request);
        page.events().forEach(HostileInputTest::complete);
        assertThat(page.itemsSeen()).isNotNegative();
      });
    }
  }

  private static CannedContext context(BackfillConnector connector, Map<String, String> settings, JsonNode body, String link,
      int status) {
    return new CannedContext(connector.settings().parse(settings), status, body, link.isEmpty() ? Map.of() : Map.of("link", List.of(link)));
  }

  private static void complete(SourceEvent event) {
    assertThat(event.sourceId()).isNotBlank();
    assertThat(event.title().codePointCount(0, event.title().length())).isLessThanOrEqualTo(SourceEvent.MAX_TITLE_LENGTH);
  }

  private static void typedOnly(Runnable call) {
    try {
      call.run();
    } catch (BackfillException typed) {
      assertThat(typed.getMessage()).isNotBlank();
    }
  }

}
