package dev.backfill.testkit.linear;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for Linear issues, comments and projects created and updated within {@code
 * days} before {@code now}: titles with Unicode and markdown, labels, assignees, projects, cycles
 * and parents.
 */
public final class LinearArbitraries {
  private LinearArbitraries() {}

  private static Arbitrary<String> uuids() {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32)
        .map(hex -> hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20));
  }

  /** Two instants within the window: created, then updated at or after it. */
  private static Arbitrary<Instant[]> lifetimes(Instant now, int days) {
    return Combinators.combine(Arbitraries.longs().between(1, days * 86_400L), Arbitraries.doubles().between(0, 1))
        .as((secondsAgo, progress) -> {
          Instant created = now.minusSeconds(secondsAgo);
          return new Instant[] {created, created.plusSeconds((long) ((secondsAgo - 1) * progress))};
        });
  }

  /** Issues of team {@code teamId} ({@code teamKey}) updated within the {@code days} days before {@code now}. */
  public static Arbitrary<LinearIssue> issues(String teamId, String teamKey, Instant now, int days) {
    Arbitrary<String> titles = Arbitraries.of("Fix login redirect", "Crash on \u00fcber-long names", "`null` in **export**",
        "\u65e5\u672c\u8a9e UI", "x".repeat(180));
    return Combinators.combine(
            uuids(),
            Arbitraries.longs().between(1, 99_999),
            titles,
            Arbitraries.of("", "Steps:\n1. open\n2. crash", "See [spec](https://docs.example.test)"),
            Arbitraries.integers().between(0, 4),
            lifetimes(now, days),
            Arbitraries.of(List.of("Todo", "unstarted"), List.of("In Progress", "started"), List.of("Done", "completed"),
                List.of("Canceled", "canceled"), List.of("Triage", "triage")),
            Combinators.combine(
                    Arbitraries.of("user-1", "user-2", "user-3"),
                    Arbitraries.of(Optional.of(List.of("user-2", "Grace")), Optional.<List<String>>empty()),
                    Arbitraries.of("bug", "feature", "\u26a0 urgent").list().uniqueElements().ofMaxSize(2),
                    Arbitraries.of(Optional.of(List.of("project-1", "Q4 launch")), Optional.<List<String>>empty()),
                    Arbitraries.of(Optional.of(12), Optional.<Integer>empty()),
                    Arbitraries.of(Optional.of(teamKey + "-1"), Optional.<String>empty()))
                .as((creator, assignee, labels, project, cycle, parent) -> new Object[] {creator, assignee, labels, project, cycle, parent}))
        .as((id, number, title, description, priority, lifetime, state, rest) -> {
          @SuppressWarnings("unchecked")
          Optional<List<String>> assignee = (Optional<List<String>>) rest[1];
          @SuppressWarnings("unchecked")
          List<String> labels = (List<String>) rest[2];
          @SuppressWarnings("unchecked")
          Optional<List<String>> project = (Optional<List<String>>) rest[3];
          @SuppressWarnings("unchecked")
          Optional<Integer> cycle = (Optional<Integer>) rest[4];
          @SuppressWarnings("unchecked")
          Optional<String> parent = (Optional<String>) rest[5];
          return LinearIssue.builder()
              .id(id)
              .teamId(teamId)
              .teamKey(teamKey)
              .number(number)
              .title(title)
              .description(description)
              .priority(priority)
              .createdAt(lifetime[0])
              .updatedAt(lifetime[1])
              .stateName(state.get(0))
              .stateType(state.get(1))
              .creatorId((String) rest[0])
              .assignee(assignee)
              .labels(labels)
              .project(project)
              .cycleNumber(cycle)
              .parentIdentifier(parent)
              .build();
        });
  }

  /** Comments on issues of team {@code teamId} ({@code teamKey}) within the {@code days} days before {@code now}. */
  public static Arbitrary<LinearComment> comments(String teamId, String teamKey, Instant now, int days) {
    return Combinators.combine(
            uuids(),
            Arbitraries.of("LGTM", "Can we add a test?\n\n```java\nassert x;\n```", "\u00dcberpr\u00fcft \u2705"),
            lifetimes(now, days),
            Arbitraries.of(List.of("user-1", "Ada"), List.of("user-2", "Grace")),
            uuids(),
            Arbitraries.longs().between(1, 9_999))
        .as((id, body, lifetime, user, issueId, issueNumber) -> LinearComment.builder()
            .id(id)
            .body(body)
            .createdAt(lifetime[0])
            .updatedAt(lifetime[1])
            .userId(user.get(0))
            .userName(user.get(1))
            .issueId(issueId)
            .issueIdentifier(teamKey + "-" + issueNumber)
            .teamId(teamId)
            .build());
  }

  /** Projects of team {@code teamId} updated within the {@code days} days before {@code now}. */
  public static Arbitrary<LinearProject> projects(String teamId, Instant now, int days) {
    return Combinators.combine(
            uuids(),
            Arbitraries.of("Q4 launch", "Billing v2", "\u30ea\u30cb\u30e5\u30fc\u30a2\u30eb"),
            Arbitraries.of("", "Ship the new billing flow."),
            Arbitraries.of("planned", "started", "completed", "canceled"),
            lifetimes(now, days))
        .as((id, name, description, state, lifetime) -> LinearProject.builder()
            .id(id)
            .name(name)
            .description(description)
            .state(state)
            .createdAt(lifetime[0])
            .updatedAt(lifetime[1])
            .addTeamIds(teamId)
            .build());
  }
}
