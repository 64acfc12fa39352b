package dev.backfill.core.sink;

import dev.backfill.core.error.StorageException;
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
 * Uses only standard SQL; tested with H2.
 */
public final class JdbcSeenDeliveryIds implements SeenDeliveryIds {
  /** The table name used when none is given. */
  public static final String DEFAULT_TABLE = "backfill_seen_delivery";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final int CHUNK = 500;
  private static final int MAX_ID_LENGTH = 512;

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
    Set<String> fresh = new HashSet<>(deliveryIds);
    fresh.removeAll(seenAmong(fresh));
    if (fresh.isEmpty()) {
      return;
    }
    String sql = "INSERT INTO " + table + " (delivery_id, seen_at) VALUES (?, ?)";
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection connection = connection(); PreparedStatement insert = connection.prepareStatement(sql)) {
      for (String id : fresh) {
        insert.setString(1, id);
        insert.setTimestamp(2, now);
        try {
          insert.executeUpdate();
        } catch (SQLException duplicate) {
          if (!isIntegrityViolation(duplicate)) {
            throw duplicate;
          }
        }
      }
    } catch (SQLException e) {
      throw new StorageException("cannot record seen delivery ids in table " + table + ": " + e.getMessage(), e);
    }
  }

  private static boolean isIntegrityViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
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
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + table + " ("
          + "delivery_id VARCHAR(" + MAX_ID_LENGTH + ") NOT NULL PRIMARY KEY, "
          + "seen_at TIMESTAMP NOT NULL)");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    tableReady = true;
  }
}
