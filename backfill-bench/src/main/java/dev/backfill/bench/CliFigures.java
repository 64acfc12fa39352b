package dev.backfill.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prints the CLI's whole-process figures: {@code java -jar backfill.jar run} of the {@link
 * GitHubFigures} work (3,000 pull requests, 3,000 issues, 100 releases, 90 days) against a fake
 * GitHub with 20 ms latency served by another JVM ({@link FakeGitHubServerMain}) over loopback,
 * from the fake's first day in the window up to now (the fake's history ends a few days before).
 * Two jars side by side, runs taking turns, each run a new process with a new state directory: the
 * wall time from starting the process to its exit, the time from starting it to the fake's first
 * request (from the fake's request journal, asked for on its standard input, both on this
 * machine's clock), and the requests.
 * Arguments: the jar before, the jar after, measured runs of each (default 5, after one warm-up
 * run of each for the file cache).
 */
public final class CliFigures {
  private static final String SINCE = "2026-08-25T12:00:00Z";

  private CliFigures() {}

  public static void main(String[] args) throws Exception {
    Path before = Paths.get(args[0]);
    Path after = Paths.get(args[1]);
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FakeGitHubServerMain.class.getName())
        .redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      Journal journal = new Journal(lines, new PrintStream(server.getOutputStream(), true, StandardCharsets.UTF_8));
      String baseUrl = ready(lines);
      Run.of(java, before, baseUrl, journal);
      Run.of(java, after, baseUrl, journal);
      List<Run> beforeRuns = new ArrayList<>();
      List<Run> afterRuns = new ArrayList<>();
      for (int i = 0; i < measured; i++) {
        beforeRuns.add(Run.of(java, before, baseUrl, journal));
        afterRuns.add(Run.of(java, after, baseUrl, journal));
      }
      System.out.printf("%n== CLI, whole process, GitHub 3,000 PRs / 3,000 issues / 100 releases, 90 days, 20 ms ==%n");
      print("before", before, beforeRuns);
      print("after", after, afterRuns);
      System.out.printf("whole process after/before: %.2f; time to first request after: %.2f s%n",
          median(afterRuns, true) / median(beforeRuns, true), median(afterRuns, false));
    } finally {
      server.getOutputStream().close();
      server.waitFor(10, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
  }

  private static String ready(BufferedReader lines) throws IOException {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("ready ")) {
        return line.substring("ready ".length()).trim();
      }
    }
    throw new IllegalStateException("the fake GitHub did not start");
  }

  private static void print(String label, Path jar, List<Run> runs) {
    System.out.printf("%s (%s, %.1f MB): whole process median %.2f s %s; first request median %.2f s %s; requests %d%n", label,
        jar, jar.toFile().length() / 1e6, median(runs, true), seconds(runs, true), median(runs, false), seconds(runs, false),
        runs.get(runs.size() - 1).requests);
  }

  private static double median(List<Run> runs, boolean whole) {
    return runs.stream().mapToDouble(run -> whole ? run.wholeSeconds : run.firstRequestSeconds).sorted()
        .skip(runs.size() / 2).findFirst().orElse(0);
  }

  private static String seconds(List<Run> runs, boolean whole) {
    List<String> values = new ArrayList<>();
    runs.forEach(run -> values.add(String.format("%.2f", whole ? run.wholeSeconds : run.firstRequestSeconds)));
    return values.toString();
  }

  /** One CLI process from start to exit. */
  private static final class Run {
    final double wholeSeconds;
    final double firstRequestSeconds;
    final int requests;

    private Run(double wholeSeconds, double firstRequestSeconds, int requests) {
      this.wholeSeconds = wholeSeconds;
      this.firstRequestSeconds = firstRequestSeconds;
      this.requests = requests;
    }

    static Run of(String java, Path jar, String baseUrl, Journal journal) throws Exception {
      journal.since();
      Path directory = Files.createTempDirectory("cli-figures");
      ProcessBuilder command = new ProcessBuilder(java, "-jar", jar.toString(), "run", "--provider", "github", "--repo", "acme/api",
          "--base-url", baseUrl, "--since", SINCE, "--state", directory.resolve("state").toString(),
          "--out", directory.resolve("events.jsonl").toString())
          .redirectErrorStream(true).redirectOutput(directory.resolve("output.txt").toFile());
      command.environment().put("GITHUB_TOKEN", "bench-token");
      long startedAt = System.currentTimeMillis();
      long start = System.nanoTime();
      Process process = command.start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(jar + " failed: " + Files.readString(directory.resolve("output.txt")));
      }
      double whole = (System.nanoTime() - start) / 1e9;
      long[] requests = journal.since();
      return new Run(whole, (requests[1] - startedAt) / 1000.0, (int) requests[0]);
    }
  }

  /** The fake's request journal, asked for over its standard input (see {@link FakeGitHubServerMain}). */
  private static final class Journal {
    private final BufferedReader answers;
    private final PrintStream commands;

    Journal(BufferedReader answers, PrintStream commands) {
      this.answers = answers;
      this.commands = commands;
    }

    /** The requests since the last call and when the first of them arrived, in epoch milliseconds. */
    long[] since() throws IOException {
      commands.println("journal");
      for (String line = answers.readLine(); line != null; line = answers.readLine()) {
        if (line.startsWith("journal ")) {
          String[] parts = line.split(" ");
          return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        }
      }
      throw new IllegalStateException("the fake GitHub ended");
    }
  }
}
