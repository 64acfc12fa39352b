package dev.backfill.testkit.vercel;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for Vercel deployments in every state, created within {@code days} before
 * {@code now}, with GitHub, GitLab or no git metadata. {@link FakeVercel} draws from them, seeded.
 */
public final class VercelArbitraries {
  private VercelArbitraries() {}

  /** Deployments of project {@code projectId} named {@code name}, created within the {@code days} days before {@code now}, in every state. */
  public static Arbitrary<VercelDeployment> deployments(String projectId, String name, Instant now, int days) {
    Arbitrary<String> uids = Arbitraries.strings().withChars("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789").ofLength(24)
        .map(random -> "dpl_" + random);
    Arbitrary<Map<String, String>> meta = Combinators.combine(
            Arbitraries.of("github", "gitlab", "none"),
            Arbitraries.strings().withChars("0123456789abcdef").ofLength(40),
            Arbitraries.of("main", "feature/login", "fix/\u00fcber-cache"),
            Arbitraries.of("Fix token refresh", "Add retry\n\nLonger explanation", "\u65e5\u672c\u8a9e commit", "x".repeat(150)),
            Arbitraries.of("octocat", "hubot"))
        .as((git, sha, ref, message, author) -> {
          Map<String, String> values = new HashMap<>();
          if (!"none".equals(git)) {
            values.put(git + "CommitSha", sha);
            values.put(git + "CommitRef", ref);
            values.put(git + "CommitMessage", message);
            values.put(git + "CommitAuthorName", author + " Name");
            values.put(git + "CommitAuthorLogin", author);
            values.put(git + "CommitOrg", "acme");
            values.put(git + "CommitRepo", name);
          }
          return values;
        });
    return Combinators.combine(
            uids,
            Arbitraries.of(VercelDeployment.State.class),
            Arbitraries.longs().between(0, days * 86_400L - 1),
            Arbitraries.longs().between(5, 900),
            Arbitraries.of("usr_1", "usr_2", "usr_3"),
            Arbitraries.of(Optional.of("production"), Optional.<String>empty()),
            meta)
        .as((uid, state, secondsAgo, buildSeconds, creator, target, values) -> {
          Instant created = now.minusSeconds(secondsAgo + 1);
          boolean done = List.of(VercelDeployment.State.READY, VercelDeployment.State.ERROR, VercelDeployment.State.CANCELED).contains(state);
          return VercelDeployment.builder()
              .uid(uid)
              .name(name)
              .projectId(projectId)
              .state(state)
              .created(created)
              .finished(done ? Optional.of(created.plusSeconds(buildSeconds)) : Optional.empty())
              .creatorUid(creator)
              .creatorUsername(creator.replace("usr_", "user"))
              .target(target)
              .meta(values)
              .build();
        });
  }
}
