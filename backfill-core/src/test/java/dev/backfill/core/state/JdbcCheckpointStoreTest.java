package dev.backfill.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.UrlDataSource;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.spi.Window;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcCheckpointStoreTest extends CheckpointStoreContract {
  private static final Duration LEASE = Duration.ofMillis(300);
  private UrlDataSource dataSource;
  private JdbcCheckpointStore store;

  @BeforeEach
  void startDatabase() {
    dataSource = new UrlDataSource("jdbc:h2:mem:checkpoints-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    store = shortLease();
  }

  /** A store whose claims lapse 300 ms after its last renewal, so waiting for one takes a moment. */
  private JdbcCheckpointStore shortLease() {
    return JdbcCheckpointStore.builder(dataSource).claimLease(LEASE).build();
  }

  @Override
  CheckpointStore store() {
    return store;
  }

  @Override
  CheckpointStore sameStorageElsewhere() {
    return shortLease();
  }

  @Test
  void anotherStoreOnTheSameDatabaseSeesTheCheckpoint() {
    store.save(checkpoint(KEY, 9, "c9"));

    assertThat(new JdbcCheckpointStore(dataSource).load(KEY)).hasValue(checkpoint(KEY, 9, "c9"));
  }

  @Test
  void corruptedRowRaisesATypedErrorNamingTheRow() throws Exception {
    store.save(checkpoint(KEY, 1, "c1"));
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE backfill_checkpoint SET checkpoint_json = '{not json'");
    }

    assertThatThrownBy(() -> store.load(KEY))
        .isInstanceOf(CheckpointCorruptedException.class)
        .hasMessageContaining("backfill_checkpoint")
        .hasMessageContaining(KEY.toString());
  }

  @Test
  void aRowWrittenBeforeRangesWereKeptLoadsAsOneCoveredRange() throws Exception {
    String json = new String(getClass().getResourceAsStream("/checkpoints/before-ranges-completed.json").readAllBytes(), StandardCharsets.UTF_8);
    CheckpointKey key = CheckpointKey.of("scripted", "conn-1", "r1", "alpha");
    store.save(Checkpoint.builder().key(key).window(Window.of(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)))
        .status(BackfillStatus.RUNNING).updatedAt(Instant.EPOCH).build());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint SET checkpoint_json = ?")) {
      update.setString(1, json);
      update.executeUpdate();
    }

    Checkpoint loaded = store.load(key).orElseThrow();

    assertThat(loaded.covered()).isEmpty();
    assertThat(loaded.coveredRanges()).containsExactly(
        Window.of(Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-11-23T11:59:59Z")));
  }

  @Test
  void customTableNamesMustBePlainIdentifiers() {
    assertThatThrownBy(() -> JdbcCheckpointStore.builder(dataSource).table("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
    JdbcCheckpointStore custom = JdbcCheckpointStore.builder(dataSource).table("host_checkpoints").build();
    custom.save(checkpoint(KEY, 2, null));
    assertThat(custom.load(KEY)).isPresent();
    assertThat(store.load(KEY)).isEmpty();
  }
}
