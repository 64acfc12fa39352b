package dev.backfill.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.BackfillJson;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.StateLockedException;
import dev.backfill.core.sink.JdbcSeenDeliveryIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tables' schema versions and the JDBC store's claims, on H2 and PostgreSQL, directly and
 * behind a pool with auto-commit off: tables of the first release are migrated with their rows, a
 * newer table or (with creation off) a missing one is refused with a clear error, the DDL a host
 * runs itself works, and a claim lapses with its holder and fences it out.
 */
class JdbcSchemaAndClaimsTest {
  private static final CheckpointKey KEY = CheckpointStoreContract.KEY;

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void tablesOfTheFirstReleaseAreMigratedAndKeepTheirRows(DataSource dataSource) throws Exception {
    Checkpoint old = CheckpointStoreContract.checkpoint(KEY, 4, "c4");
    execute(dataSource, "CREATE TABLE backfill_checkpoint (provider VARCHAR(64) NOT NULL, connection_id VARCHAR(191) NOT NULL,"
        + " resource_id VARCHAR(255) NOT NULL, entity_type VARCHAR(64) NOT NULL, checkpoint_json VARCHAR(8000) NOT NULL,"
        + " updated_at TIMESTAMP NOT NULL, PRIMARY KEY (provider, connection_id, resource_id, entity_type))",
        "CREATE TABLE backfill_seen_delivery (delivery_id VARCHAR(512) NOT NULL PRIMARY KEY, seen_at TIMESTAMP NOT NULL)",
        "INSERT INTO backfill_seen_delivery (delivery_id, seen_at) VALUES ('backfill:old', TIMESTAMP '2026-11-01 00:00:00')");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO backfill_checkpoint VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, KEY.provider());
      insert.setString(2, KEY.connectionId());
      insert.setString(3, KEY.resourceId());
      insert.setString(4, KEY.entityType());
      insert.setString(5, BackfillJson.newMapper().writeValueAsString(old));
      insert.setTimestamp(6, Timestamp.from(Instant.now()));
      insert.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }

    JdbcCheckpointStore store = new JdbcCheckpointStore(dataSource);
    JdbcSeenDeliveryIds seen = new JdbcSeenDeliveryIds(dataSource);

    assertThat(store.load(KEY)).hasValue(old);
    try (CheckpointStore.Claim claim = store.claim(KEY)) {
      store.save(CheckpointStoreContract.checkpoint(KEY, 5, "c5"));
    }
    assertThat(store.list()).containsExactly(CheckpointStoreContract.checkpoint(KEY, 5, "c5"));
    assertThat(seen.seenAmong("any-connection", List.of("backfill:old", "backfill:new"))).containsExactly("backfill:old");
    seen.markSeen("conn-1", List.of("backfill:new"));
    assertThat(seen.seenAmong("conn-2", List.of("backfill:new"))).isEmpty();
    assertThat(versions(dataSource)).containsEntry("backfill_checkpoint", 2).containsEntry("backfill_seen_delivery", 2);
  }

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void aTableNewerThanThisBackfillIsRefusedNamingBothVersions(DataSource dataSource) throws Exception {
    new JdbcCheckpointStore(dataSource).list();
    execute(dataSource, "UPDATE backfill_schema_version SET version = 99 WHERE table_name = 'backfill_checkpoint'");

    assertThatThrownBy(() -> new JdbcCheckpointStore(dataSource).load(KEY))
        .isInstanceOf(BackfillException.class)
        .hasMessageContaining("backfill_checkpoint is at schema version 99, newer than this backfill knows (2)");
  }

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void withCreationOffTheTablesComeFromTheHostsOwnDdl(DataSource dataSource) throws Exception {
    JdbcCheckpointStore checkpoints = JdbcCheckpointStore.builder(dataSource).createTables(false).build();
    assertThatThrownBy(() -> checkpoints.load(KEY))
        .isInstanceOf(BackfillException.class)
        .hasMessageContaining("table backfill_checkpoint is at schema version 0")
        .hasMessageContaining("needs version 2");

    execute(dataSource, JdbcCheckpointStore.createTableStatements(JdbcCheckpointStore.DEFAULT_TABLE).toArray(String[]::new));
    execute(dataSource, JdbcSeenDeliveryIds.createTableStatements(JdbcSeenDeliveryIds.DEFAULT_TABLE).subList(1, 3).toArray(String[]::new));

    JdbcCheckpointStore created = JdbcCheckpointStore.builder(dataSource).createTables(false).build();
    created.save(CheckpointStoreContract.checkpoint(KEY, 1, "c1"));
    assertThat(created.load(KEY)).hasValue(CheckpointStoreContract.checkpoint(KEY, 1, "c1"));
    JdbcSeenDeliveryIds seen = JdbcSeenDeliveryIds.builder(dataSource).createTables(false).build();
    seen.markSeen("conn-1", List.of("backfill:a"));
    assertThat(seen.seenAmong("conn-1", List.of("backfill:a"))).containsExactly("backfill:a");
  }

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void theClaimOfARunThatWasKilledLapsesAndTheNextRunTakesTheWorkOver(DataSource dataSource) throws Exception {
    JdbcCheckpointStore store = JdbcCheckpointStore.builder(dataSource).claimLease(Duration.ofSeconds(5)).build();
    store.save(CheckpointStoreContract.checkpoint(KEY, 1, "c1"));
    claimAs(dataSource, "pid 1 killed", Instant.now().plusMillis(400));

    try (CheckpointStore.Claim claim = store.claim(KEY)) {
      assertThat(holder(dataSource)).startsWith("pid " + ProcessHandle.current().pid());
      store.save(CheckpointStoreContract.checkpoint(KEY, 2, "c2"));
    }
    assertThat(holder(dataSource)).isNull();
    assertThat(store.load(KEY)).hasValue(CheckpointStoreContract.checkpoint(KEY, 2, "c2"));
  }

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void aRunWhoseClaimWasTakenOverCannotSaveOverTheNewHolder(DataSource dataSource) throws Exception {
    JdbcCheckpointStore stalled = JdbcCheckpointStore.builder(dataSource).claimLease(Duration.ofSeconds(5)).build();
    stalled.save(CheckpointStoreContract.checkpoint(KEY, 1, "c1"));
    try (CheckpointStore.Claim claim = stalled.claim(KEY)) {
      claimAs(dataSource, "pid 2 took over", Instant.now().plusSeconds(60));

      assertThatThrownBy(() -> stalled.save(CheckpointStoreContract.checkpoint(KEY, 2, "c2")))
          .isInstanceOf(StateLockedException.class)
          .hasMessageContaining("another run took the work over");
      assertThatThrownBy(() -> JdbcCheckpointStore.builder(dataSource).claimLease(Duration.ofMillis(200)).build().claim(KEY))
          .isInstanceOf(StateLockedException.class)
          .hasMessageContaining("pid 2 took over");
    }
    assertThat(holder(dataSource)).as("closing a lost claim leaves the new holder's").isEqualTo("pid 2 took over");
    assertThat(stalled.load(KEY)).hasValue(CheckpointStoreContract.checkpoint(KEY, 1, "c1"));
  }

  @Test
  void theReadmeShowsTheStatementsTheStoresRun() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
    List<String> statements = new ArrayList<>(JdbcCheckpointStore.createTableStatements(JdbcCheckpointStore.DEFAULT_TABLE));
    statements.addAll(JdbcSeenDeliveryIds.createTableStatements(JdbcSeenDeliveryIds.DEFAULT_TABLE));

    for (String statement : statements) {
      assertThat(readme).contains(statement.replaceAll("\\s+", " ") + ";");
    }
  }

  private static void claimAs(DataSource dataSource, String holder, Instant until) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint SET claimed_by = ?, claimed_until = ?")) {
      update.setString(1, holder);
      update.setTimestamp(2, Timestamp.from(until));
      update.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }

  private static String holder(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT claimed_by FROM backfill_checkpoint")) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  private static Map<String, Integer> versions(DataSource dataSource) throws SQLException {
    Map<String, Integer> versions = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT table_name, version FROM backfill_schema_version")) {
      while (rows.next()) {
        versions.put(rows.getString(1), rows.getInt(2));
      }
    }
    return versions;
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }
}
