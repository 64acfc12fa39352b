package dev.backfill.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.WebhookEquivalence;
import dev.backfill.testkit.github.GitHubArbitraries;
import dev.backfill.testkit.github.GitHubIssue;
import dev.backfill.testkit.github.GitHubPullRequest;
import dev.backfill.testkit.github.GitHubRelease;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every generated entity state, the webhook path (the delivery GitHub sends when the entity
 * reached that state) and the connector's page listing the entity give events that agree (the
 * testkit's {@link WebhookEquivalence}: sourceId, source, sourceType, title, body, occurredAt,
 * actor and references, and metadata where noted).
 *
 * <p>Documented differences: the deliveryId and ingestionSource (a webhook's delivery GUID and
 * WEBHOOK, against {@code backfill:{sourceId}} and BACKFILL) and metadata, where the list API lacks
 * {@code additions}, {@code deletions}, {@code changedFiles} and {@code commits} of pull requests
 * (absent unless pull request details are fetched).
 */
class GitHubEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final GitHubRepository REPO = GitHubRepository.of("acme/api", 77, NOW);
  private static final GitHubUser SENDER = GitHubUser.of("webhook-sender", 5);

  private static <S> WebhookEquivalence.Builder<S> equivalence(String event, String entityType,
      Function<S, ObjectNode> webhook, BiFunction<S, URI, String> listAnswer) {
    return WebhookEquivalence.<S>builder(new GitHubConnector())
        .webhook(state -> WebhookDelivery.of(Map.of("X-GitHub-Event", event), webhook.apply(state).toString().getBytes(StandardCharsets.UTF_8)))
        .listAnswer(listAnswer)
        .request(state -> PageRequest.builder()
            .resource(Resource.of(REPO.fullName()))
            .entityType(entityType)
            .window(Window.of(NOW.minus(Duration.ofDays(121)), NOW.plus(Duration.ofDays(1))))
            .pageNumber(1)
            .build())
        .now(NOW);
  }

  private static final WebhookEquivalence<GitHubPullRequest> PULL_REQUESTS = GitHubEquivalenceTest.<GitHubPullRequest>equivalence(
      "pull_request", GitHubConnector.PULL_REQUEST, pr -> pr.toWebhook(REPO, SENDER, 1), (pr, url) -> "[" + pr.toListItem(REPO) + "]")
      .metadataAgrees(false)
      .build();
  private static final WebhookEquivalence<GitHubPullRequest> PULL_REQUESTS_WITH_DETAILS = GitHubEquivalenceTest.<GitHubPullRequest>equivalence(
      "pull_request", GitHubConnector.PULL_REQUEST, pr -> pr.toWebhook(REPO, SENDER, 1),
      (pr, url) -> url.getPath().endsWith("/pulls/" + pr.number()) ? pr.toDetail(REPO).toString() : "[" + pr.toListItem(REPO) + "]")
      .settings(Map.of(GitHubConnector.PULL_REQUEST_DETAILS.key(), "true"))
      .build();
  private static final WebhookEquivalence<GitHubIssue> ISSUES = GitHubEquivalenceTest.<GitHubIssue>equivalence(
      "issues", GitHubConnector.ISSUE, issue -> issue.toWebhook(REPO, SENDER, 1), (issue, url) -> "[" + issue.toListItem(REPO) + "]")
      .build();
  private static final WebhookEquivalence<GitHubRelease> RELEASES = GitHubEquivalenceTest.<GitHubRelease>equivalence(
      "release", GitHubConnector.RELEASE, release -> release.toWebhook(REPO, SENDER, 1), (release, url) -> "[" + release.toListItem(REPO) + "]")
      .build();

  @Provide
  Arbitrary<GitHubPullRequest> pullRequests() {
    return GitHubArbitraries.pullRequests(NOW, 120);
  }

  @Provide
  Arbitrary<GitHubIssue> issues() {
    return GitHubArbitraries.issues(NOW, 120);
  }

  @Provide
  Arbitrary<GitHubRelease> publishedReleases() {
    return GitHubArbitraries.releases(NOW, 120).filter(release -> !release.draft());
  }

  @Property
  void pullRequestPathsAgree(@ForAll("pullRequests") GitHubPullRequest pr) {
    WebhookEquivalence.Events events = PULL_REQUESTS.check(pr);

    assertThat(events.backfill().sourceId()).isEqualTo(pr.sourceId(REPO.fullName()));
    assertThat(events.backfill().metadata().has("additions")).isFalse();
    assertThat(events.webhook().metadata().get("additions").asInt()).isEqualTo(pr.additions());
  }

  @Property
  void pullRequestDetailsFillTheFieldsTheListLacks(@ForAll("pullRequests") GitHubPullRequest pr) {
    WebhookEquivalence.Events events = PULL_REQUESTS_WITH_DETAILS.check(pr);

    assertThat(events.backfill().metadata().get("additions").asInt()).isEqualTo(pr.additions());
  }

  @Property
  void issuePathsAgree(@ForAll("issues") GitHubIssue issue) {
    WebhookEquivalence.Events events = ISSUES.check(issue);

    assertThat(events.backfill().sourceId()).isEqualTo(issue.sourceId(REPO.fullName()));
  }

  @Property
  void releasePathsAgree(@ForAll("publishedReleases") GitHubRelease release) {
    WebhookEquivalence.Events events = RELEASES.check(release);

    assertThat(events.backfill().sourceId()).isEqualTo(release.sourceId(REPO.fullName()));
  }
}
