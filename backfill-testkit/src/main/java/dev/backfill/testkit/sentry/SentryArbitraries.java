package dev.backfill.testkit.sentry;

import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik arbitraries for Sentry issues in every status, seen within {@code days} before {@code now}. */
public final class SentryArbitraries {
  private SentryArbitraries() {}

  /** Issues of project {@code projectSlug} (id {@code projectId}) seen within the {@code days} days before {@code now}, in every status. */
  public static Arbitrary<SentryIssue> issues(String projectId, String projectSlug, Instant now, int days) {
    Arbitrary<String> titles = Arbitraries.of(
        "TypeError: Cannot read properties of undefined (reading 'map')",
        "ReferenceError: token is not defined",
        "Error: timeout after 30000ms",
        "ZeroDivisionError: division by zero",
        "\u65e5\u672c\u8a9e Error: \u00fcber",
        "x".repeat(200));
    return Combinators.combine(
            Arbitraries.longs().between(1, 9_999_999_999L),
            titles,
            Arbitraries.of("app/routes/index.tsx in loader", "", "worker.process"),
            Arbitraries.of("error", "warning", "fatal"),
            Arbitraries.of("unresolved", "resolved", "ignored"),
            Arbitraries.longs().between(0, days * 86_400L - 1),
            Arbitraries.doubles().between(0, 1),
            Combinators.combine(
                    Arbitraries.longs().between(1, 100_000),
                    Arbitraries.of(Optional.of("ada@example.test"), Optional.<String>empty()),
                    Arbitraries.of(Optional.of("web@1.4.2"), Optional.<String>empty()))
                .as((count, assignee, release) -> new Object[] {count, assignee, release}))
        .as((id, title, culprit, level, status, secondsAgo, progress, rest) -> {
          Instant firstSeen = now.minusSeconds(secondsAgo + 1);
          Instant lastSeen = firstSeen.plusSeconds((long) ((secondsAgo) * progress));
          long count = (Long) rest[0];
          @SuppressWarnings("unchecked")
          Optional<String> assignee = (Optional<String>) rest[1];
          @SuppressWarnings("unchecked")
          Optional<String> release = (Optional<String>) rest[2];
          return SentryIssue.builder()
              .id(Long.toString(id))
              .shortId(projectSlug.toUpperCase() + "-" + Long.toString(id, 36).toUpperCase())
              .title(title)
              .culprit(culprit)
              .level(level)
              .status(status)
              .firstSeen(firstSeen)
              .lastSeen(lastSeen)
              .count(count)
              .userCount(count / 3)
              .projectId(projectId)
              .projectSlug(projectSlug)
              .assignee(assignee)
              .lastRelease(release)
              .build();
        });
  }
}
