package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.EmbeddedPostgresDatabases;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.UrlDataSource;
import dev.backfill.core.run.Depth;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.JdbcCheckpointStore;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two runner JVMs on one PostgreSQL, sharing the checkpoint table and a {@code DedupSink} ledger
 * table: two connections of one host each get the whole set once; one connection started twice
 * fetches each work in one process at a time (the other is refused with {@code
 * StateLockedException} or finds it covered) and no event reaches the sinks twice.
 */
class TwoProcessesOneDatabaseTest {
  static Stream<Arguments> providers() {
    return Fixture.providers().stream().map(provider -> Arguments.of(Named.of(provider.provider(), provider)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void twoConnectionsOfOneHostEachGetEveryEventOnce(FakeConnection provider, @TempDir Path directory) throws Exception {
    String database = EmbeddedPostgresDatabases.newDatabaseUrl();
    try (FakeProvider fake = Fixture.start(provider, builder -> builder.latency(Duration.ofMillis(20)))) {
      List<Process> runs = new ArrayList<>();
      for (String connection : List.of("host-a", "host-b")) {
        runs.add(start(provider, fake, database, connection, directory, connection));
      }
      for (int run = 0; run < runs.size(); run++) {
        assertThat(runs.get(run).waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get(run).exitValue()).as(log(directory, run == 0 ? "host-a" : "host-b")).isZero();
      }

      for (String connection : List.of("host-a", "host-b")) {
        List<SourceEvent> delivered = CrashRunMain.read(directory.resolve(connection + ".jsonl"));
        assertThat(sourceIds(delivered)).as(connection).isEqualTo(expected(provider, fake));
        assertThat(delivered).as(connection + ": each event once").hasSize(sourceIds(delivered).size());
      }
      assertThat(new JdbcCheckpointStore(new UrlDataSource(database)).list())
          .isNotEmpty()
          .allSatisfy(checkpoint -> assertThat(checkpoint.status()).isEqualTo(BackfillStatus.COMPLETED))
          .extracting(checkpoint -> checkpoint.key().connectionId()).containsOnly("host-a", "host-b");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void oneConnectionStartedTwiceFetchesEachWorkOnceAndDeliversEachEventOnce(FakeConnection provider, @TempDir Path directory)
      throws Exception {
    String database = EmbeddedPostgresDatabases.newDatabaseUrl();
    try (FakeProvider fake = Fixture.start(provider, builder -> builder.latency(Duration.ofMillis(20)))) {
      Process first = start(provider, fake, database, "host-a", directory, "first");
      Process second = start(provider, fake, database, "host-a", directory, "second");
      for (Process run : List.of(first, second)) {
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
      }
      for (String run : List.of("first", "second")) {
        List<String> failedWorks = Files.readAllLines(directory.resolve(run + ".log")).stream()
            .filter(line -> line.startsWith("work ") && !line.contains(" COMPLETED"))
            .collect(Collectors.toList());
        assertThat(failedWorks).as(run + ": a work is refused only while the other run holds it")
            .allSatisfy(line -> assertThat(line).contains("FAILED StateLockedException", "claimed until"));
      }
      Process third = start(provider, fake, database, "host-a", directory, "third");
      assertThat(third.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(third.exitValue()).as(log(directory, "third")).isZero();

      List<SourceEvent> delivered = new ArrayList<>(CrashRunMain.read(directory.resolve("first.jsonl")));
      delivered.addAll(CrashRunMain.read(directory.resolve("second.jsonl")));
      delivered.addAll(CrashRunMain.read(directory.resolve("third.jsonl")));
      assertThat(sourceIds(delivered)).isEqualTo(expected(provider, fake));
      assertThat(delivered).as("each event delivered once across the three runs").hasSize(sourceIds(delivered).size());
      assertThat(new JdbcCheckpointStore(new UrlDataSource(database)).list()).isNotEmpty()
          .extracting(Checkpoint::status).containsOnly(BackfillStatus.COMPLETED);
    }
  }

  private static Process start(FakeConnection provider, FakeProvider fake, String database, String connection, Path directory,
      String name) throws Exception {
    List<String> command = CrashRunMain.command(provider, fake, "jdbc", database, directory.resolve(name + ".jsonl"), Depth.DAYS_30,
        "-Dbackfill.connection=" + connection, "-Dbackfill.ledger=" + database);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve(name + ".log").toFile()).start();
  }

  private static String log(Path directory, String name) throws Exception {
    return Files.readString(directory.resolve(name + ".log"));
  }

  private static Set<String> expected(FakeConnection provider, FakeProvider fake) {
    return provider.expectedSourceIds(fake, Window.of(Fixture.NOW.minus(Depth.DAYS_30.duration()), Fixture.NOW), provider.entityTypes());
  }

  private static Set<String> sourceIds(List<SourceEvent> events) {
    return events.stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }
}
