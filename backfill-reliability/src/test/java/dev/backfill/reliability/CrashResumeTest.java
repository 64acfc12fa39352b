package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.EmbeddedPostgresDatabases;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.UrlDataSource;
import dev.backfill.core.run.Depth;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.core.state.JdbcCheckpointStore;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a backfill JVM with SIGKILL after a seeded random number of delivered events, restarts
 * it with the same checkpoint store, and checks that the union of what both delivered is exactly
 * the expected set, that a crash re-delivered at most the one page in flight of each (resource,
 * entity type), and that a re-delivered event has the same deliveryId, so a deliveryId dedup
 * leaves no duplicate. Ten trials per provider with the file store, five per provider with the
 * JDBC store on PostgreSQL (embedded, started by the test); {@code -Dbackfill.crashTrials=N} runs
 * N and N/2. A run that extends a finished one to a deeper window is killed the same way, and its
 * restart resumes the extension. Two trials run side by side (each waits mostly on its
 * processes), never beside another class's tests.
 */
class CrashResumeTest {
  /** Trials per provider and store; more with {@code -Dbackfill.crashTrials=N}. */
  private static final int TRIALS = Integer.getInteger("backfill.crashTrials", 10);
  /**
   * Pages a work may deliver again after a crash: each of its parts may have had a page delivered
   * but not yet saved, and after the resume each part before a boundary reads one page past its end.
   */
  private static final long PAGES_AGAIN_PER_WORK = 2L * PageRequest.DEFAULT_MAX_PARTS - 1;
  static Stream<Arguments> trials() {
    List<Arguments> trials = new ArrayList<>();
    List<FakeConnection> providers = Fixture.providers();
    for (FakeConnection provider : providers) {
      for (int trial = 1; trial <= TRIALS; trial++) {
        trials.add(Arguments.of(Named.of(provider.provider(), provider), "file", trial));
      }
    }
    for (FakeConnection provider : providers) {
      for (int trial = 1; trial <= Math.max(1, TRIALS / 2); trial++) {
        trials.add(Arguments.of(Named.of(provider.provider(), provider), "jdbc", trial));
      }
    }
    return trials.stream();
  }

  @ParameterizedTest(name = "{0} with the {1} store, trial {2}")
  @MethodSource("trials")
  @Execution(ExecutionMode.CONCURRENT)
  void killedRunResumesToExactlyTheExpectedSet(FakeConnection provider, String store, int trial, @TempDir Path directory) throws Exception {
    Random random = new Random(provider.provider().hashCode() * 31L + trial + store.hashCode());
    try (FakeProvider fake = Fixture.start(provider, builder -> builder.latency(Duration.ofMillis(40)))) {
      String location = "jdbc".equals(store) ? EmbeddedPostgresDatabases.newDatabaseUrl() : directory.resolve("state").toString();
      Path events = directory.resolve("events.jsonl");
      List<String> command = CrashRunMain.command(provider, fake, store, location, events, Depth.DAYS_30);

      Set<String> expected = provider.expectedSourceIds(fake, Window.of(Fixture.NOW.minus(Depth.DAYS_30.duration()), Fixture.NOW),
          provider.entityTypes());
      Process first = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve("first.log").toFile()).start();
      int killAt = random.nextInt(expected.size());
      killAfterDelivering(first, events, killAt, random);
      List<SourceEvent> beforeCrash = CrashRunMain.read(events);
      assertThat(beforeCrash.size()).as("events delivered before the kill; the run's log: %s", Files.readString(directory.resolve("first.log")))
          .isGreaterThanOrEqualTo(killAt);

      Process second = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve("second.log").toFile()).start();
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(directory.resolve("second.log"))).isZero();

      List<SourceEvent> all = CrashRunMain.read(events);
      assertThat(all.stream().map(SourceEvent::sourceId).collect(Collectors.toSet())).isEqualTo(expected);
      Map<String, String> deliveryIds = new HashMap<>();
      for (SourceEvent event : all) {
        String previous = deliveryIds.putIfAbsent(event.sourceId(), event.deliveryId());
        assertThat(previous == null || previous.equals(event.deliveryId())).as("one deliveryId per sourceId").isTrue();
      }
      long duplicates = all.size() - all.stream().map(SourceEvent::deliveryId).distinct().count();
      long works = works(store, location);
      assertThat(duplicates).as("re-delivered after a crash with %d events delivered", beforeCrash.size())
          .isLessThanOrEqualTo(works * PAGES_AGAIN_PER_WORK * Fixture.PAGE_SIZE);
    }
  }

  static Stream<Arguments> extensionTrials() {
    List<Arguments> trials = new ArrayList<>();
    for (FakeConnection provider : Fixture.providers()) {
      for (int trial = 1; trial <= Math.max(1, TRIALS / 5); trial++) {
        trials.add(Arguments.of(Named.of(provider.provider(), provider), trial));
      }
    }
    return trials.stream();
  }

  /**
   * A depth-30 run completes; a depth-90 run on the same store is killed part way and run again:
   * together the two extension runs deliver exactly the 60 older days, re-deliver at most the page
   * in flight of each work, and fetch nothing of the first window again.
   */
  @ParameterizedTest(name = "{0} extension, trial {1}")
  @MethodSource("extensionTrials")
  @Execution(ExecutionMode.CONCURRENT)
  void killedExtensionRunResumesTheExtensionNotTheFirstWindow(FakeConnection provider, int trial, @TempDir Path directory)
      throws Exception {
    Random random = new Random(provider.provider().hashCode() * 17L + trial);
    try (FakeProvider fake = Fixture.start(provider, builder -> builder.latency(Duration.ofMillis(40)).history(Fixture.NOW, 120))) {
      String location = directory.resolve("state").toString();
      Path firstEvents = directory.resolve("first.jsonl");
      Path events = directory.resolve("extension.jsonl");
      Process first = new ProcessBuilder(CrashRunMain.command(provider, fake, "file", location, firstEvents, Depth.DAYS_30)).redirectErrorStream(true)
          .redirectOutput(directory.resolve("first.log").toFile()).start();
      assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as(Files.readString(directory.resolve("first.log"))).isZero();
      List<String> extension = CrashRunMain.command(provider, fake, "file", location, events, Depth.DAYS_90);

      Window older = Window.of(Fixture.NOW.minus(Depth.DAYS_90.duration()), Fixture.NOW.minus(Depth.DAYS_30.duration()));
      Set<String> expected = provider.expectedSourceIds(fake, older, provider.entityTypes());
      assertThat(expected).as("the fake holds history older than 30 days").isNotEmpty();
      Process killed = new ProcessBuilder(extension).redirectErrorStream(true).redirectOutput(directory.resolve("killed.log").toFile()).start();
      killAfterDelivering(killed, events, random.nextInt(expected.size()), random);
      Process resumed = new ProcessBuilder(extension).redirectErrorStream(true).redirectOutput(directory.resolve("resumed.log").toFile()).start();
      assertThat(resumed.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(resumed.exitValue()).as(Files.readString(directory.resolve("resumed.log"))).isZero();

      List<SourceEvent> delivered = CrashRunMain.read(events);
      assertThat(delivered.stream().map(SourceEvent::sourceId).collect(Collectors.toSet())).isEqualTo(expected);
      long works = works("file", location);
      long duplicates = delivered.size() - delivered.stream().map(SourceEvent::deliveryId).distinct().count();
      assertThat(duplicates).as("re-delivered after the crash").isLessThanOrEqualTo(works * PAGES_AGAIN_PER_WORK * Fixture.PAGE_SIZE);
      assertThat(new FileCheckpointStore(Path.of(location)).list()).allSatisfy(checkpoint ->
          assertThat(checkpoint.coveredRanges()).containsExactly(Window.of(older.since(), Fixture.NOW)));
    }
  }

  /**
   * Kills {@code process} with SIGKILL once it has appended {@code events} events to the file (at
   * once for 0) and a further seeded 0 to 60 ms have passed, so that the kill lands anywhere in
   * the run: while it starts, fetches, delivers or saves a checkpoint, or after its last delivery.
   * A kill timed from the start alone landed almost always in the JVM's own start-up. The file is
   * read every 10 ms, a quarter of a page's 40 ms, so the polling takes little processor time from
   * the runs beside it.
   */
  private static void killAfterDelivering(Process process, Path file, int events, Random random) throws Exception {
    while (events > 0 && process.isAlive() && CrashRunMain.read(file).size() < events) {
      Thread.sleep(10);
    }
    Thread.sleep(random.nextInt(61));
    process.destroyForcibly();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  /** How many (resource, entity type) works the run had: one checkpoint each. */
  private static long works(String store, String location) {
    if ("jdbc".equals(store)) {
      return new JdbcCheckpointStore(new UrlDataSource(location)).list().size();
    }
    return new FileCheckpointStore(Path.of(location)).list().size();
  }


}
