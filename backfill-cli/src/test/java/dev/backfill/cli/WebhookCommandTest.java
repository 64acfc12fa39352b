package dev.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.HmacSignatures;
import dev.backfill.testkit.github.GitHubRelease;
import dev.backfill.testkit.github.GitHubRepository;
import dev.backfill.testkit.github.GitHubUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookCommandTest {
  @TempDir Path directory;

  private Path releaseBody() throws Exception {
    GitHubRelease release = GitHubRelease.builder().id(1).tagName("v1.2.0").name("Spring").body("notes")
        .author(GitHubUser.of("octocat", 1)).prerelease(false).createdAt(Instant.parse("2026-11-01T00:00:00Z"))
        .publishedAt(Instant.parse("2026-11-01T00:05:00Z")).targetCommitish("main").build();
    Path body = directory.resolve("release.json");
    Files.writeString(body, release.toWebhook(GitHubRepository.of("acme/api", 1, Instant.EPOCH), GitHubUser.of("s", 2), 3).toString());
    return body;
  }

  @Test
  void verifiesThenPrintsTheEventAsJson() throws Exception {
    Path body = releaseBody();
    String signature = "sha256=" + HmacSignatures.sign("HmacSHA256", "hook-secret", Files.readAllBytes(body));
    CliTestSupport cli = new CliTestSupport(directory, Map.of("HOOK_SECRET", "hook-secret"));

    int exit = cli.run("webhook", "--provider", "github", "--event", "release", "--file", "release.json",
        "--signature", signature, "--secret-env", "HOOK_SECRET");

    assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("\"sourceId\" : \"release:acme/api:v1.2.0\"", "\"ingestionSource\" : \"WEBHOOK\"");
    assertThat(cli.out()).doesNotContain("hook-secret");
  }

  @Test
  void aSignatureThatDoesNotMatchExitsNonZero() throws Exception {
    releaseBody();
    String wrong = "sha256=" + HmacSignatures.sign("HmacSHA256", "other", "x".getBytes(StandardCharsets.UTF_8));
    CliTestSupport cli = new CliTestSupport(directory, Map.of("HOOK_SECRET", "hook-secret"));

    int exit = cli.run("webhook", "--provider", "github", "--event", "release", "--file", "release.json",
        "--signature", wrong, "--secret-env", "HOOK_SECRET");

    assertThat(exit).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).contains("does not match");
  }
}
