package dev.backfill.core.sink;

import dev.backfill.core.error.StorageException;
import dev.backfill.core.internal.JdbcTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@link SeenDeliveryIds} in a table of any JDBC database, created on first use, with no expiry.
 * Each {@link #markSeen} is one committed transaction, whatever auto-commit setting the pool hands
 * connections out with (restored before the connection is closed), and one batched statement
 * that leaves ids already there alone: {@code ON CONFLICT DO NOTHING} on PostgreSQL, the standard
 * {@code MERGE ... WHEN NOT MATCHED} on H2 (again when a writer beside it inserted an id first),
 * and elsewhere one insert per id not seen yet. Tested
 * with H2 directly and behind a pool that hands out {@code autoCommit=false} connections.
 */
public final class JdbcSeenDeliveryIds implements SeenDeliveryIds {
  /** The table name used when none is given. */
  public static final String DEFAULT_TABLE = "backfill_seen_delivery";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final int CHUNK = 500;
  private static final int MAX_ID_LENGTH = 512;
  private static final int MERGE_ATTEMPTS = 3;

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private volatile boolean tableReady;

  public JdbcSeenDeliveryIds(DataSource dataSource) {
    this(dataSource, DEFAULT_TABLE, Clock.systemUTC());
  }

  /**
   * @param table a plain SQL identifier (letters, digits, underscores)
   * @param clock stamps when an id was first seen
   */
  public JdbcSeenDeliveryIds(DataSource dataSource, String table, Clock clock) {
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("table name must be a plain SQL identifier, got '" + table + "'");
    }
    this.dataSource = dataSource;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Set<String> seenAmong(Collection<String> deliveryIds) {
    Set<String> seen = new HashSet<>();
    List<String> ids = new ArrayList<>(new HashSet<>(deliveryIds));
    try (Connection connection = connection()) {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
        String sql = "SELECT delivery_id FROM " + table + " WHERE delivery_id IN ("
            + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 1, chunk.get(i));
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              seen.add(rows.getString(1));
            }
          }
        }
      }
      return seen;
    } catch (SQLException e) {
      throw new StorageException("cannot read seen delivery ids from table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void markSeen(Collection<String> deliveryIds) {
    for (String id : deliveryIds) {
      if (id.length() > MAX_ID_LENGTH) {
        throw new IllegalArgumentException("delivery id longer than " + MAX_ID_LENGTH + " characters: " + id.substring(0, 80) + "...");
      }
    }
    Set<String> ids = new HashSet<>(deliveryIds);
    if (ids.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection connection = connection()) {
      JdbcTransaction.Dialect dialect = JdbcTransaction.dialect(connection);
      if (dialect == JdbcTransaction.Dialect.PORTABLE) {
        markEachSeen(connection, ids, now);
        return;
      }
      String sql = dialect == JdbcTransaction.Dialect.POSTGRESQL
          ? "INSERT INTO " + table + " (delivery_id, seen_at) VALUES (?, ?) ON CONFLICT (delivery_id) DO NOTHING"
          : "MERGE INTO " + table + " AS seen USING (VALUES (CAST(? AS VARCHAR(" + MAX_ID_LENGTH + ")), CAST(? AS TIMESTAMP)))"
              + " AS fresh (delivery_id, seen_at) ON seen.delivery_id = fresh.delivery_id"
              + " WHEN NOT MATCHED THEN INSERT (delivery_id, seen_at) VALUES (fresh.delivery_id, fresh.seen_at)";
      for (int attempt = 1; ; attempt++) {
        try {
          JdbcTransaction.run(connection, batch -> {
            try (PreparedStatement insert = batch.prepareStatement(sql)) {
              for (String id : ids) {
                insert.setString(1, id);
                insert.setTimestamp(2, now);
                insert.addBatch();
              }
              return insert.executeBatch();
            }
          });
          return;
        } catch (SQLException raced) {
          // A standard MERGE is not atomic: another writer may insert an id between its check and
          // its insert. Again, that id is matched and left alone.
          if (!JdbcTransaction.isIntegrityViolation(raced) || attempt == MERGE_ATTEMPTS) {
            throw raced;
          }
        }
      }
    } catch (SQLException e) {
      throw new StorageException("cannot record seen delivery ids in table " + table + ": " + e.getMessage(), e);
    }
  }

  /** The portable path: an insert, in a transaction of its own, for each id not seen yet; one another process added first is left. */
  private void markEachSeen(Connection connection, Set<String> ids, Timestamp now) throws SQLException {
    Set<String> fresh = new HashSet<>(ids);
    fresh.removeAll(seenAmong(fresh));
    String sql = "INSERT INTO " + table + " (delivery_id, seen_at) VALUES (?, ?)";
    for (String id : fresh) {
      try {
        JdbcTransaction.run(connection, single -> {
          try (PreparedStatement insert = single.prepareStatement(sql)) {
            insert.setString(1, id);
            insert.setTimestamp(2, now);
            return insert.executeUpdate();
          }
        });
      } catch (SQLException duplicate) {
        if (!JdbcTransaction.isIntegrityViolation(duplicate)) {
          throw duplicate;
        }
      }
    }
  }

  private Connection connection() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (!tableReady) {
      createTable(connection);
    }
    return connection;
  }

  private synchronized void createTable(Connection connection) throws SQLException {
    if (tableReady) {
      return;
    }
    try {
      JdbcTransaction.run(connection, create -> {
        try (Statement statement = create.createStatement()) {
          return statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + table + " ("
              + "delivery_id VARCHAR(" + MAX_ID_LENGTH + ") NOT NULL PRIMARY KEY, "
              + "seen_at TIMESTAMP NOT NULL)");
        }
      });
    } catch (SQLException e) {
      if (!JdbcTransaction.isCreatedMeanwhile(e)) {
        connection.close();
        throw e;
      }
    }
    tableReady = true;
  }
}
