package dev.backfill.bench;

import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.github.FakeGitHub;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Serves the {@link GitHubFigures} repository (3,000 pull requests, 3,000 issues, 100 releases
 * over 120 days, 20 ms latency) until its standard input closes, printing {@code ready <baseUrl>}
 * once it listens; {@link CliFigures} runs it in a JVM of its own, so the CLI under measurement
 * shares nothing with it but the loopback network. Each line {@code journal} on standard input is
 * answered with {@code journal <requests> <epoch millis of the first>} for the requests since the
 * last one ({@code -1} when none came).
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
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      int answered = 0;
      for (String command = commands.readLine(); command != null; command = commands.readLine()) {
        if (command.equals("journal")) {
          List<FakeRequest> requests = fake.requests();
          List<FakeRequest> fresh = requests.subList(answered, requests.size());
          answered = requests.size();
          long first = fresh.stream().mapToLong(request -> request.receivedAt().toEpochMilli()).min().orElse(-1);
          System.out.println("journal " + fresh.size() + " " + first);
          System.out.flush();
        }
      }
    }
  }
}
