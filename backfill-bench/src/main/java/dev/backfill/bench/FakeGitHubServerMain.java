package dev.backfill.bench;

import dev.backfill.testkit.github.FakeGitHub;
import java.time.Duration;
import java.time.Instant;

/**
 * Serves the {@link GitHubFigures} repository (3,000 pull requests, 3,000 issues, 100 releases
 * over 120 days, 20 ms latency) until its standard input closes, printing {@code ready <baseUrl>}
 * once it listens; {@link CliFigures} runs it in a JVM of its own, so the CLI under measurement
 * shares nothing with it but the loopback network.
 */
public final class FakeGitHubServerMain {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private FakeGitHubServerMain() {}

  public static void main(String[] args) throws Exception {
    try (FakeGitHub fake = FakeGitHub.builder().seed(2026).repositories("acme/api").pullRequestsPerRepository(3000)
        .issuesPerRepository(3000).releasesPerRepository(100).history(NOW, 120).latency(Duration.ofMillis(20))
        .rateLimit(1_000_000, Duration.ofHours(1)).start()) {
      System.out.println("ready " + fake.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes our standard input.
      }
    }
  }
}
