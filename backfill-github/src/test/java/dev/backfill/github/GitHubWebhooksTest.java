package dev.backfill.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.IngestionSource;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.testkit.github.GitHubPullRequest;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitHubWebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final GitHubRepository REPO = GitHubRepository.of("acme/api", 77, NOW);
  private static final TransformContext DELIVERY = TransformContext.webhook("guid-1", NOW);

  private static GitHubPullRequest.Builder mergedPr() {
    return GitHubPullRequest.builder()
        .number(123)
        .title("Fix token refresh")
        .body("Fixes #45, see also #46 and #123.")
        .author(GitHubUser.of("octocat", 1))
        .state(GitHubPullRequest.State.MERGED)
        .draft(false)
        .createdAt(Instant.parse("2026-11-01T09:00:00Z"))
        .closedAt(Instant.parse("2026-11-02T10:00:00Z"))
        .updatedAt(Instant.parse("2026-11-02T10:05:00Z"))
        .headRef("fix/token")
        .headSha("a".repeat(40))
        .baseRef("main")
        .addLabels("bug")
        .addAssignees(GitHubUser.of("hubot", 2))
        .addRequestedReviewers(GitHubUser.of("monalisa", 3))
        .additions(10)
        .deletions(2)
        .changedFiles(3)
        .commits(2);
  }

  @Test
  void mergedPullRequestBecomesAMergedEventWithReadableTitleAndReferences() {
    GitHubPullRequest pr = mergedPr().build();

    SourceEvent event = GitHubWebhooks.transform("pull_request", pr.toWebhook(REPO, GitHubUser.of("sender", 9), 1), DELIVERY).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("pr:acme/api#123:merged");
    assertThat(event.title()).isEqualTo("[PR Merged] Fix token refresh (#123)");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    assertThat(event.actor().name()).isEqualTo("octocat");
    assertThat(event.deliveryId()).isEqualTo("guid-1");
    assertThat(event.ingestionSource()).isEqualTo(IngestionSource.WEBHOOK);
    assertThat(event.references()).containsExactly(
        SourceReference.of(SourceReference.BRANCH, "fix/token"),
        SourceReference.of(SourceReference.BRANCH, "main"),
        SourceReference.of(SourceReference.COMMIT, "a".repeat(40)),
        SourceReference.of(SourceReference.COMMIT, pr.mergeCommitSha()),
        SourceReference.of(SourceReference.ISSUE, "#45"),
        SourceReference.of(SourceReference.ISSUE, "#46"),
        SourceReference.of(SourceReference.LABEL, "bug"),
        SourceReference.of(SourceReference.ASSIGNEE, "hubot"),
        SourceReference.of(SourceReference.REVIEWER, "monalisa"));
    assertThat(event.metadata().get("additions").asInt()).isEqualTo(10);
    assertThat(event.metadata().get("merged").asBoolean()).isTrue();
  }

  @Test
  void closedWithoutMergeStaysClosedAndOtherActionsPassThrough() {
    GitHubPullRequest closed = mergedPr().state(GitHubPullRequest.State.CLOSED).build();
    ObjectNode labeled = closed.toWebhook(REPO, GitHubUser.of("sender", 9), 1).put("action", "ready_for_review");

    assertThat(GitHubWebhooks.transform("pull_request", closed.toWebhook(REPO, GitHubUser.of("s", 9), 1), DELIVERY).orElseThrow().sourceId())
        .isEqualTo("pr:acme/api#123:closed");
    SourceEvent ready = GitHubWebhooks.transform("pull_request", labeled, DELIVERY).orElseThrow();
    assertThat(ready.sourceId()).isEqualTo("pr:acme/api#123:ready_for_review");
    assertThat(ready.title()).startsWith("[PR Ready For Review] ");
    assertThat(ready.occurredAt()).isEqualTo(closed.updatedAt());
  }

  @Test
  void pushBecomesAnEventPerAfterSha() {
    String body = "{\"ref\":\"refs/heads/main\",\"before\":\"" + "0".repeat(40) + "\",\"after\":\"" + "c".repeat(40) + "\","
        + "\"commits\":[{\"id\":\"" + "c".repeat(40) + "\",\"message\":\"Fix it\\n\\nlong text\",\"url\":\"https://example.test/c\","
        + "\"timestamp\":\"2026-11-20T10:00:00Z\"}],\"head_commit\":{\"timestamp\":\"2026-11-20T10:00:00Z\"},"
        + "\"pusher\":{\"name\":\"octocat\",\"email\":\"o@example.test\"},\"repository\":{\"full_name\":\"acme/api\"},"
        + "\"sender\":{\"login\":\"octocat\",\"id\":1}}";

    SourceEvent event = GitHubWebhooks.transform("push", body.getBytes(StandardCharsets.UTF_8), DELIVERY).orElseThrow();

    assertThat(event.sourceId()).isEqualTo("push:acme/api:" + "c".repeat(40));
    assertThat(event.title()).isEqualTo("[Push] 1 commit to main");
    assertThat(event.body()).isEqualTo("- Fix it");
    assertThat(event.references()).extracting(SourceReference::type).containsExactly("branch", "commit");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
  }

  @Test
  void aPushedTagNamesTheTagAsAReleaseDoes() {
    String body = "{\"ref\":\"refs/tags/v2.1.0\",\"before\":\"" + "0".repeat(40) + "\",\"after\":\"" + "d".repeat(40) + "\","
        + "\"created\":true,\"commits\":[],\"head_commit\":{\"timestamp\":\"2026-11-21T09:00:00+01:00\"},"
        + "\"pusher\":{\"name\":\"octocat\"},\"repository\":{\"full_name\":\"acme/api\"},\"sender\":{\"login\":\"octocat\",\"id\":1}}";

    SourceEvent event = GitHubWebhooks.transform("push", body.getBytes(StandardCharsets.UTF_8), DELIVERY).orElseThrow();

    assertThat(event.title()).isEqualTo("[Push] 0 commits to v2.1.0");
    assertThat(event.references()).containsExactly(SourceReference.of(SourceReference.RELEASE, "v2.1.0"));
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
  }

  @Test
  void otherEventsAreNotHandled() {
    assertThat(GitHubWebhooks.transform("ping", "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8), DELIVERY))
        .isEqualTo(Optional.empty());
  }

  @Test
  void unusablePayloadsRaiseATypedErrorNamingTheField() {
    ObjectNode noNumber = mergedPr().build().toWebhook(REPO, GitHubUser.of("s", 9), 1);
    ((ObjectNode) noNumber.get("pull_request")).remove("number");

    assertThatThrownBy(() -> GitHubWebhooks.transform("pull_request", noNumber, DELIVERY))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("'number'");
    assertThatThrownBy(() -> GitHubWebhooks.transform("issues", "{not json".getBytes(StandardCharsets.UTF_8), DELIVERY))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("not one valid JSON object");
    assertThatThrownBy(() -> GitHubWebhooks.transform("issues", "[]".getBytes(StandardCharsets.UTF_8), DELIVERY))
        .isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void aDeliveryWithADuplicateKeyOrTrailingTextIsRefusedNotReadAsItsLastValue() {
    String body = mergedPr().build().toWebhook(REPO, GitHubUser.of("s", 9), 1).toString();
    String reopened = body.replaceFirst("\\{", "{\"action\":\"opened\",");
    String renumbered = body.replaceFirst("\"number\":123", "\"number\":7,\"number\":999");

    for (String hostile : List.of(reopened, renumbered, body + "{}", body + " trailing")) {
      assertThatThrownBy(() -> GitHubWebhooks.transform("pull_request", hostile.getBytes(StandardCharsets.UTF_8), DELIVERY))
          .as(hostile.substring(0, 40)).isInstanceOf(InvalidPayloadException.class);
    }
    assertThatThrownBy(() -> GitHubWebhooks.transform("pull_request", renumbered.getBytes(StandardCharsets.UTF_8), DELIVERY))
        .hasMessageContaining("Duplicate field 'number'");
    assertThat(GitHubWebhooks.transform("pull_request", (body + "\n").getBytes(StandardCharsets.UTF_8), DELIVERY)).isPresent();
  }

  @Test
  void verifiesTheSha256SignatureHeader() {
    byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
    String header = "sha256=" + HmacSignatures.sign("HmacSHA256", "webhook-secret", body);

    assertThat(GitHubWebhooks.verifySignature(body, header, "webhook-secret")).isTrue();
    assertThat(GitHubWebhooks.verifySignature(body, header, "other-secret")).isFalse();
    assertThat(GitHubWebhooks.verifySignature("{}".getBytes(StandardCharsets.UTF_8), header, "webhook-secret")).isFalse();
    for (String malformed : List.of("", "sha1=" + header.substring(7), header.substring(7), "sha256=", "sha256=xyz")) {
      assertThat(GitHubWebhooks.verifySignature(body, malformed, "webhook-secret")).as(malformed).isFalse();
    }
    assertThat(GitHubWebhooks.verifySignature(body, null, "webhook-secret")).isFalse();
  }
}
