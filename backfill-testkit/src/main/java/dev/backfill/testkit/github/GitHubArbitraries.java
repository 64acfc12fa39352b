package dev.backfill.testkit.github;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for GitHub entity states with timestamps in the {@code days} days before
 * {@code now}: titles with Unicode, markup and issue mentions, long titles, labels, assignees,
 * reviewers, and every state the contract distinguishes. {@link FakeGitHub} draws its data from
 * the same arbitraries, seeded.
 */
public final class GitHubArbitraries {
  private GitHubArbitraries() {}

  /** GitHub users with logins GitHub accepts. */
  public static Arbitrary<GitHubUser> users() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(20)
                .filter(login -> Character.isLetterOrDigit(login.charAt(0))),
            Arbitraries.longs().between(1, 99_999_999))
        .as(GitHubUser::of);
  }

  /** Titles: plain words, Unicode, markup, issue mentions, and some longer than an event title may be. */
  public static Arbitrary<String> titles() {
    Arbitrary<String> words = Arbitraries.of("Fix", "token", "refresh", "Add", "retry", "for", "webhooks", "\u00fcber", "\u65e5\u672c",
            "`code`", "<b>", "#12", "&amp;", "emoji\uD83D\uDE80", "flaky", "tests")
        .list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join(" ", parts));
    Arbitrary<String> anything = Arbitraries.strings().ofMinLength(1).ofMaxLength(200).filter(title -> !title.isBlank());
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, words), net.jqwik.api.Tuple.of(2, anything));
  }

  /** Markdown bodies, sometimes empty, sometimes closing or mentioning other issues. */
  public static Arbitrary<String> bodies() {
    return Arbitraries.of("", "Fixes #4", "Closes #17 and relates to #3.", "See acme/other#5 and https://example.test/#9",
            "Refreshes the token before it expires.\n\n- [x] tests", "Mentions #1 twice: #1")
        .flatMap(base -> Arbitraries.strings().ofMaxLength(80).map(extra -> base + (extra.isBlank() ? "" : "\n" + extra)));
  }

  static Arbitrary<List<String>> labelNames() {
    return Arbitraries.of("bug", "enhancement", "good first issue", "priority: high", "\u26a0 breaking").list().uniqueElements().ofMaxSize(3);
  }

  static Arbitrary<String> shas() {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
  }

  /** Pull requests open, closed and merged, created within {@code days} before {@code now}. */
  public static Arbitrary<GitHubPullRequest> pullRequests(Instant now, int days) {
    Arbitrary<Instant> created = instantsWithin(now, days);
    return Combinators.combine(
            Arbitraries.longs().between(1, 99_999),
            titles(),
            bodies(),
            users(),
            Arbitraries.of(GitHubPullRequest.State.class),
            Arbitraries.of(true, false),
            created,
            Arbitraries.doubles().between(0, 1))
        .flatAs((number, title, body, author, state, draft, createdAt, progress) -> {
          long span = Math.max(1, Duration.between(createdAt, now).getSeconds());
          Instant updatedAt = createdAt.plusSeconds((long) (span * progress));
          Instant closedAt = createdAt.plusSeconds((long) (span * progress * 0.9));
          return Combinators.combine(shas(), labelNames(), users().list().ofMaxSize(2), users().list().ofMaxSize(2),
                  Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(1, 300))
              .as((sha, labels, assignees, reviewers, additions, deletions, files) -> GitHubPullRequest.builder()
                  .number(number)
                  .title(title)
                  .body(body)
                  .author(author)
                  .state(state)
                  .draft(state == GitHubPullRequest.State.OPEN && draft)
                  .createdAt(createdAt)
                  .updatedAt(updatedAt)
                  .closedAt(state == GitHubPullRequest.State.OPEN ? java.util.Optional.empty() : java.util.Optional.of(closedAt))
                  .headRef("feature/" + (number % 97))
                  .headSha(sha)
                  .baseRef("main")
                  .labels(labels)
                  .assignees(assignees)
                  .requestedReviewers(reviewers)
                  .additions(additions)
                  .deletions(deletions)
                  .changedFiles(files)
                  .commits(1 + files % 17)
                  .build());
        });
  }

  /** Issues open and closed, created within {@code days} before {@code now}. */
  public static Arbitrary<GitHubIssue> issues(Instant now, int days) {
    return Combinators.combine(
            Arbitraries.longs().between(1, 99_999),
            titles(),
            bodies(),
            users(),
            Arbitraries.of(true, false),
            instantsWithin(now, days),
            Arbitraries.doubles().between(0, 1),
            Combinators.combine(labelNames(), users().list().ofMaxSize(2), Arbitraries.integers().between(0, 40)).as(List::of))
        .as((number, title, body, author, open, createdAt, progress, rest) -> {
          long span = Math.max(1, Duration.between(createdAt, now).getSeconds());
          Instant updatedAt = createdAt.plusSeconds((long) (span * progress));
          @SuppressWarnings("unchecked")
          List<String> labels = (List<String>) rest.get(0);
          @SuppressWarnings("unchecked")
          List<GitHubUser> assignees = (List<GitHubUser>) rest.get(1);
          return GitHubIssue.builder()
              .number(number)
              .title(title)
              .body(body)
              .author(author)
              .createdAt(createdAt)
              .updatedAt(updatedAt)
              .closedAt(open ? java.util.Optional.empty() : java.util.Optional.of(createdAt.plusSeconds((long) (span * progress * 0.9))))
              .labels(labels)
              .assignees(assignees)
              .comments((Integer) rest.get(2))
              .build();
        });
  }

  /** Releases, published or draft, created within {@code days} before {@code now}; published five minutes after creation. */
  public static Arbitrary<GitHubRelease> releases(Instant now, int days) {
    return Combinators.combine(
            Arbitraries.longs().between(1, 99_999_999),
            Arbitraries.integers().between(0, 20),
            Arbitraries.integers().between(0, 40),
            Arbitraries.of("", "Spring release", "Hotfix \u2013 token refresh", "v-next"),
            bodies(),
            users(),
            Arbitraries.of(true, false, false, false),
            Combinators.combine(Arbitraries.of(true, false), instantsWithin(now, days), Arbitraries.of("main", "release/1.x")).as(List::of))
        .as((id, major, minor, name, body, author, draft, rest) -> {
          Instant createdAt = (Instant) rest.get(1);
          String tag = "v" + major + "." + minor + "." + (id % 100);
          return GitHubRelease.builder()
              .id(id)
              .tagName(tag)
              .name(name)
              .body(body)
              .author(author)
              .prerelease((Boolean) rest.get(0))
              .createdAt(createdAt)
              .publishedAt(draft ? java.util.Optional.empty() : java.util.Optional.of(createdAt.plus(Duration.ofMinutes(5))))
              .targetCommitish((String) rest.get(2))
              .build();
        });
  }

  static Arbitrary<Instant> instantsWithin(Instant now, int days) {
    return Arbitraries.longs().between(0, days * 86_400L - 1).map(seconds -> now.minusSeconds(seconds + 1));
  }
}
