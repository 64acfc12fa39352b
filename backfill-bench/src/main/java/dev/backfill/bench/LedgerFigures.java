package dev.backfill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.ReusingDataSource;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.sink.DedupSink;
import dev.backfill.core.sink.InMemorySeenDeliveryIds;
import dev.backfill.core.sink.JdbcSeenDeliveryIds;
import dev.backfill.core.sink.SeenDeliveryIds;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import dev.backfill.core.state.JdbcCheckpointStore;
import dev.backfill.core.state.WorkCounts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Prints the JDBC stores' figures for the README, on an embedded PostgreSQL 17 this starts: per
 * page of 100 events, the time of a checkpoint save and of recording the page's delivery ids,
 * with the statements of the first release (a row per round trip, each committed on its own)
 * beside today's (one upsert; one batched statement), interleaved so both see the same machine;
 * then 100,000 events through the runner and a {@link DedupSink}, its ledger in memory beside
 * on PostgreSQL. Connections come from a pool that reuses them, as a host's would. {@code
 * LedgerFigures [pages]} (default 500 pages per kind).
 */
public final class LedgerFigures {
  private static final int PAGE_SIZE = 100;
  private static final CheckpointKey KEY = CheckpointKey.of("github", "bench", "acme/api", "issue");

  private LedgerFigures() {}

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      DataSource database = new ReusingDataSource(postgres.getPostgresDatabase());
      perPage(database, pages);
      runs(database);
    }
  }

  private static void perPage(DataSource database, int pages) throws Exception {
    JdbcCheckpointStore store = new JdbcCheckpointStore(database);
    JdbcSeenDeliveryIds seen = new JdbcSeenDeliveryIds(database);
    store.list();
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("CREATE TABLE first_release_seen (delivery_id VARCHAR(512) NOT NULL PRIMARY KEY, seen_at TIMESTAMP NOT NULL)");
    }
    List<Long> saveBefore = new ArrayList<>();
    List<Long> saveAfter = new ArrayList<>();
    List<Long> markBefore = new ArrayList<>();
    List<Long> markAfter = new ArrayList<>();
    ObjectMapper mapper = BackfillJson.newMapper();
    for (int page = 1; page <= pages; page++) {
      Checkpoint checkpoint = checkpoint(page);
      String json = mapper.writeValueAsString(checkpoint);
      List<String> ids = ids(page);
      saveBefore.add(time(() -> firstReleaseSave(database, json)));
      saveAfter.add(time(() -> {
        store.save(checkpoint);
        return 0;
      }));
      markBefore.add(time(() -> firstReleaseMarkSeen(database, ids)));
      markAfter.add(time(() -> {
        seen.markSeen("bench", ids);
        return 0;
      }));
    }
    System.out.printf("per page of %d events, %d pages, embedded PostgreSQL 17 (median / p99, ms):%n", PAGE_SIZE, pages);
    System.out.printf("  checkpoint save, first release (update, then insert; auto-commit): %s%n", figures(saveBefore));
    System.out.printf("  checkpoint save, now (ON CONFLICT upsert, committed):               %s%n", figures(saveAfter));
    System.out.printf("  markSeen, first release (select, then an insert per id):           %s%n", figures(markBefore));
    System.out.printf("  markSeen, now (one batched ON CONFLICT DO NOTHING):                %s%n", figures(markAfter));
  }

  private static void runs(DataSource database) throws SQLException {
    long pages = 1_000;
    for (int warmup = 0; warmup < 2; warmup++) {
      run(pages, new InMemorySeenDeliveryIds(), new InMemoryCheckpointStore(), "warmup-memory-" + warmup);
      run(pages, new JdbcSeenDeliveryIds(database), new JdbcCheckpointStore(database), "warmup-database-" + warmup);
    }
    System.out.printf("%,d events through the runner and a DedupSink (events/s):%n", pages * PAGE_SIZE);
    System.out.printf("  ledger in memory, checkpoints in memory:        %,.0f%n",
        run(pages, new InMemorySeenDeliveryIds(), new InMemoryCheckpointStore(), "memory"));
    System.out.printf("  ledger on PostgreSQL, checkpoints in memory:    %,.0f%n",
        run(pages, new JdbcSeenDeliveryIds(database), new InMemoryCheckpointStore(), "ledger"));
    System.out.printf("  ledger and checkpoints on PostgreSQL:           %,.0f%n",
        run(pages, new JdbcSeenDeliveryIds(database), new JdbcCheckpointStore(database), "both"));
  }

  private static double run(long pages, SeenDeliveryIds seen, CheckpointStore store, String connection) {
    CountingSink counted = new CountingSink();
    long start = System.nanoTime();
    BackfillResult result = Backfill.builder()
        .connectors(Connectors.of(new SyntheticConnector(pages, PAGE_SIZE)))
        .checkpointStore(store)
        .build()
        .run(BackfillRequest.builder()
            .provider("synthetic")
            .connectionId(connection)
            .credentials(CredentialProvider.staticToken("unused"))
            .build(), new DedupSink(counted, seen));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.status() != BackfillStatus.COMPLETED || counted.events.get() != pages * PAGE_SIZE) {
      throw new IllegalStateException("run ended " + result.status() + " with " + counted.events.get() + " events");
    }
    return counted.events.get() / seconds;
  }

  /** The first release's save: an update, then an insert when no row changed, each committed on its own. */
  private static int firstReleaseSave(DataSource database, String json) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint SET checkpoint_json = ?, updated_at = ?"
            + " WHERE provider = ? AND connection_id = ? AND resource_id = ? AND entity_type = 'first-release'")) {
      update.setString(1, json);
      update.setTimestamp(2, Timestamp.from(Instant.now()));
      update.setString(3, KEY.provider());
      update.setString(4, KEY.connectionId());
      update.setString(5, KEY.resourceId());
      if (update.executeUpdate() > 0) {
        return 1;
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO backfill_checkpoint (provider, connection_id,"
          + " resource_id, entity_type, checkpoint_json, updated_at) VALUES (?, ?, ?, 'first-release', ?, ?)")) {
        insert.setString(1, KEY.provider());
        insert.setString(2, KEY.connectionId());
        insert.setString(3, KEY.resourceId());
        insert.setString(4, json);
        insert.setTimestamp(5, Timestamp.from(Instant.now()));
        return insert.executeUpdate();
      }
    }
  }

  /** The first release's markSeen: which ids are there, then one insert per new id, each committed on its own. */
  private static int firstReleaseMarkSeen(DataSource database, List<String> ids) throws SQLException {
    try (Connection connection = database.getConnection()) {
      List<String> fresh = new ArrayList<>(ids);
      try (PreparedStatement select = connection.prepareStatement("SELECT delivery_id FROM first_release_seen WHERE delivery_id IN ("
          + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
        for (int i = 0; i < ids.size(); i++) {
          select.setString(i + 1, ids.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            fresh.remove(rows.getString(1));
          }
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO first_release_seen (delivery_id, seen_at) VALUES (?, ?)")) {
        for (String id : fresh) {
          insert.setString(1, id);
          insert.setTimestamp(2, Timestamp.from(Instant.now()));
          insert.executeUpdate();
        }
      }
      return fresh.size();
    }
  }

  private static Checkpoint checkpoint(int page) {
    return Checkpoint.builder()
        .key(KEY)
        .window(Window.of(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")))
        .status(BackfillStatus.RUNNING)
        .cursor(PageCursor.of("https://api.github.com/repositories/1/issues?page=" + (page + 1)))
        .counts(WorkCounts.builder().pages(page).events(page * (long) PAGE_SIZE).requests(page).build())
        .updatedAt(Instant.now())
        .build();
  }

  private static List<String> ids(int page) {
    List<String> ids = new ArrayList<>(PAGE_SIZE);
    for (int item = 0; item < PAGE_SIZE; item++) {
      ids.add("backfill:issue:acme/api#" + (page * PAGE_SIZE + item));
    }
    return ids;
  }

  @FunctionalInterface
  private interface Step {
    int run() throws Exception;
  }

  private static long time(Step step) {
    long start = System.nanoTime();
    try {
      step.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return System.nanoTime() - start;
  }

  private static String figures(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2) / 1e6;
    double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
    return String.format("%.2f / %.2f", median, p99);
  }
}
