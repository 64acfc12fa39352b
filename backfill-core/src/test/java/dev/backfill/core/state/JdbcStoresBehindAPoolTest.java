package dev.backfill.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.EmbeddedPostgresDatabases;
import dev.backfill.core.PoolLikeDataSource;
import dev.backfill.core.UrlDataSource;
import dev.backfill.core.sink.JdbcSeenDeliveryIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDBC checkpoint store and seen-id ledger on H2 and on a real PostgreSQL, each directly and
 * behind a pool that hands out {@code autoCommit=false} connections and rolls back what was not
 * committed when they return, as a host's pool under Spring does: what they write survives, the
 * pool gets its setting back, and writers side by side neither fail nor lose a row.
 */
class JdbcStoresBehindAPoolTest {
  static Stream<Arguments> dataSources() {
    return Stream.of(
        Arguments.of(Named.of("H2, auto-commit on", new UrlDataSource(url()))),
        Arguments.of(Named.of("H2 behind a pool with auto-commit off", new PoolLikeDataSource(url()))),
        Arguments.of(Named.of("PostgreSQL 17, auto-commit on", new UrlDataSource(EmbeddedPostgresDatabases.newDatabaseUrl()))),
        Arguments.of(Named.of("PostgreSQL 17 behind a pool with auto-commit off",
            new PoolLikeDataSource(EmbeddedPostgresDatabases.newDatabaseUrl()))));
  }

  private static String url() {
    return "jdbc:h2:mem:pool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  @ParameterizedTest
  @MethodSource("dataSources")
  void savesAndDeletesOfCheckpointsAreCommitted(DataSource dataSource) {
    new JdbcCheckpointStore(dataSource).save(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, 1, "c1"));
    assertThat(new JdbcCheckpointStore(dataSource).load(CheckpointStoreContract.KEY))
        .hasValue(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, 1, "c1"));

    new JdbcCheckpointStore(dataSource).save(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, 2, "c2"));
    assertThat(new JdbcCheckpointStore(dataSource).load(CheckpointStoreContract.KEY))
        .hasValue(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, 2, "c2"));

    new JdbcCheckpointStore(dataSource).delete(CheckpointStoreContract.KEY);
    assertThat(new JdbcCheckpointStore(dataSource).load(CheckpointStoreContract.KEY)).isEmpty();
    returnedAsHandedOut(dataSource);
  }

  @ParameterizedTest
  @MethodSource("dataSources")
  void seenIdsAreCommittedAndMarkingThemAgainChangesNothing(DataSource dataSource) {
    new JdbcSeenDeliveryIds(dataSource).markSeen("conn-1", List.of("backfill:a", "backfill:b"));
    new JdbcSeenDeliveryIds(dataSource).markSeen("conn-1", List.of("backfill:b", "backfill:c"));

    assertThat(new JdbcSeenDeliveryIds(dataSource).seenAmong("conn-1", List.of("backfill:a", "backfill:b", "backfill:c", "backfill:d")))
        .containsExactlyInAnyOrder("backfill:a", "backfill:b", "backfill:c");
    returnedAsHandedOut(dataSource);
  }

  @ParameterizedTest
  @MethodSource("dataSources")
  void writersSideBySideNeitherFailNorLoseARow(DataSource dataSource) throws Exception {
    JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(dataSource);
    JdbcSeenDeliveryIds seen = new JdbcSeenDeliveryIds(dataSource);
    List<Callable<Object>> writers = new ArrayList<>();
    for (long writer = 1; writer <= 8; writer++) {
      long pages = writer;
      writers.add(() -> {
        checkpoints.save(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, pages, "c" + pages));
        return null;
      });
      writers.add(() -> {
        seen.markSeen("conn-1", LongStream.rangeClosed(pages, pages + 20).mapToObj(id -> "backfill:" + id).collect(Collectors.toList()));
        return null;
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<Object> written : pool.invokeAll(writers)) {
        written.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(new JdbcCheckpointStore(dataSource).load(CheckpointStoreContract.KEY)).hasValueSatisfying(checkpoint ->
        assertThat(checkpoint).isEqualTo(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, checkpoint.counts().pages(),
            "c" + checkpoint.counts().pages())));
    Set<String> all = LongStream.rangeClosed(1, 28).mapToObj(id -> "backfill:" + id).collect(Collectors.toSet());
    assertThat(new JdbcSeenDeliveryIds(dataSource).seenAmong("conn-1", all)).isEqualTo(all);
  }

  @ParameterizedTest
  @MethodSource("dataSources")
  void storesOfSeveralProcessesCreatingTheTablesAtOnceAllSucceed(DataSource dataSource) throws Exception {
    List<Callable<Object>> firstUses = new ArrayList<>();
    for (int store = 0; store < 8; store++) {
      CheckpointKey key = CheckpointKey.of("github", "conn-" + store, "acme/api", "issue");
      String id = "backfill:" + store;
      firstUses.add(() -> {
        JdbcCheckpointStore.builder(dataSource).table("racing_checkpoint").build().save(CheckpointStoreContract.checkpoint(key, 1, "c1"));
        JdbcSeenDeliveryIds.builder(dataSource).table("racing_seen").build().markSeen("conn-1", List.of(id));
        return null;
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<Object> used : pool.invokeAll(firstUses)) {
        used.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(JdbcCheckpointStore.builder(dataSource).table("racing_checkpoint").build().list()).hasSize(8);
    assertThat(JdbcSeenDeliveryIds.builder(dataSource).table("racing_seen").build().seenAmong("conn-1", List.of("backfill:0", "backfill:7")))
        .hasSize(2);
  }

  private static void returnedAsHandedOut(DataSource dataSource) {
    if (dataSource instanceof PoolLikeDataSource) {
      assertThat(((PoolLikeDataSource) dataSource).autoCommitOnReturn).as("auto-commit as the pool handed it out").isNotEmpty()
          .containsOnly(false);
    }
  }
}
