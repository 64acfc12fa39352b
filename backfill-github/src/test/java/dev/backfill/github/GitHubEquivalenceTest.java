package dev.backfill.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.github.internal.GitHubListAdapters;
import dev.backfill.testkit.github.GitHubArbitraries;
import dev.backfill.testkit.github.GitHubIssue;
import dev.backfill.testkit.github.GitHubPullRequest;
import dev.backfill.testkit.github.GitHubRelease;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every generated entity state, the webhook path (the delivery GitHub sends when the entity
 * reached that state) and the backfill path (the list item wrapped by the adapter) give events
 * that agree on sourceId, source, sourceType, title, occurredAt, actor and references.
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
    SourceEvent webhook = GitHubWebhooks.transform("pull_request", pr.toWebhook(REPO, SENDER, 1), webhookContext()).orElseThrow();
    ObjectNode envelope = GitHubListAdapters.pullRequest(pr.toListItem(REPO), GitHubListAdapters.repository(REPO.fullName()));
    SourceEvent backfill = GitHubWebhooks.transform("pull_request", envelope, TransformContext.backfill(NOW)).orElseThrow();

    assertAgree(webhook, backfill);
    assertThat(backfill.sourceId()).isEqualTo(pr.sourceId(REPO.fullName()));
    assertThat(backfill.metadata().has("additions")).isFalse();
    assertThat(webhook.metadata().get("additions").asInt()).isEqualTo(pr.additions());
  }

  @Property
  void pullRequestDetailsFillTheFieldsTheListLacks(@ForAll("pullRequests") GitHubPullRequest pr) {
    ObjectNode envelope = GitHubListAdapters.pullRequest(pr.toDetail(REPO), GitHubListAdapters.repository(REPO.fullName()));
    SourceEvent enriched = GitHubWebhooks.transform("pull_request", envelope, TransformContext.backfill(NOW)).orElseThrow();
    SourceEvent webhook = GitHubWebhooks.transform("pull_request", pr.toWebhook(REPO, SENDER, 1), webhookContext()).orElseThrow();

    assertAgree(webhook, enriched);
    assertThat(enriched.metadata()).isEqualTo(webhook.metadata());
  }

  @Property
  void issuePathsAgree(@ForAll("issues") GitHubIssue issue) {
    SourceEvent webhook = GitHubWebhooks.transform("issues", issue.toWebhook(REPO, SENDER, 1), webhookContext()).orElseThrow();
    ObjectNode envelope = GitHubListAdapters.issue(issue.toListItem(REPO), GitHubListAdapters.repository(REPO.fullName()));
    SourceEvent backfill = GitHubWebhooks.transform("issues", envelope, TransformContext.backfill(NOW)).orElseThrow();

    assertAgree(webhook, backfill);
    assertThat(backfill.sourceId()).isEqualTo(issue.sourceId(REPO.fullName()));
    assertThat(backfill.metadata()).isEqualTo(webhook.metadata());
  }

  @Property
  void releasePathsAgree(@ForAll("publishedReleases") GitHubRelease release) {
    SourceEvent webhook = GitHubWebhooks.transform("release", release.toWebhook(REPO, SENDER, 1), webhookContext()).orElseThrow();
    ObjectNode envelope = GitHubListAdapters.release(release.toListItem(REPO), GitHubListAdapters.repository(REPO.fullName())).orElseThrow();
    SourceEvent backfill = GitHubWebhooks.transform("release", envelope, TransformContext.backfill(NOW)).orElseThrow();

    assertAgree(webhook, backfill);
    assertThat(backfill.sourceId()).isEqualTo(release.sourceId(REPO.fullName()));
  }

  private static TransformContext webhookContext() {
    return TransformContext.webhook("72d3162e-cc78-11e3-81ab-4c9367dc0958", NOW);
  }

  private static void assertAgree(SourceEvent webhook, SourceEvent backfill) {
    assertThat(backfill.sourceId()).isEqualTo(webhook.sourceId());
    assertThat(backfill.source()).isEqualTo(webhook.source());
    assertThat(backfill.sourceType()).isEqualTo(webhook.sourceType());
    assertThat(backfill.title()).isEqualTo(webhook.title());
    assertThat(backfill.occurredAt()).isEqualTo(webhook.occurredAt());
    assertThat(backfill.actor()).isEqualTo(webhook.actor());
    assertThat(backfill.references()).isEqualTo(webhook.references());
    assertThat(backfill.body()).isEqualTo(webhook.body());
    assertThat(backfill.deliveryId()).isEqualTo("backfill:" + backfill.sourceId());
  }
}
