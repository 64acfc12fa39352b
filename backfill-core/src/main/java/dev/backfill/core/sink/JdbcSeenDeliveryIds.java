package dev.backfill.core.sink;

import dev.backfill.core.error.StorageException;
import dev.backfill.core.internal.JdbcSchema;
import dev.backfill.core.internal.JdbcTable;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link SeenDeliveryIds} in a table of any JDBC database, keyed by (scope, delivery id), with no
 * expiry. The table is created on first use and migrated from older versions (see {@link
 * JdbcSchema}); ids recorded before the ledger had scopes count as seen in every scope, so
 * upgrading re-delivers nothing. Each {@link #markSeen} is one committed transaction, whatever
 * auto-commit setting the pool hands connections out with (restored before the connection is
 * closed), and one batched statement that leaves ids already there alone: {@code ON CONFLICT DO
 * NOTHING} on PostgreSQL, the standard {@code MERGE ... WHEN NOT MATCHED} on H2 (again when a
 * writer beside it inserted an id first), and elsewhere one insert per id not seen yet.
 */
public final class JdbcSeenDeliveryIds implements SeenDeliveryIds {
  /** The table name used when none is given. */
  public static final String DEFAULT_TABLE = "backfill_seen_delivery";

  private static final int CHUNK = 500;
  private static final int MAX_ID_LENGTH = 512;
  private static final int MERGE_ATTEMPTS = 3;
  /** The scope of ids recorded before the ledger had scopes: seen in every scope. */
  private static final String EVERY_SCOPE = "";

  private final String table;
  private final Clock clock;
  private final JdbcTable storage;

  /** A ledger in {@value #DEFAULT_TABLE}, created when missing. */
  public JdbcSeenDeliveryIds(DataSource dataSource) {
    this(builder(dataSource));
  }

  private JdbcSeenDeliveryIds(Builder builder) {
    this.table = builder.table;
    this.clock = builder.clock;
    this.storage = new JdbcTable(builder.dataSource, schema(table), builder.createTables);
  }

  /** A builder for a ledger on {@code dataSource}, for another table name, clock or no automatic creation. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The statements that create the ledger's table at the current schema version and record that
   * version, for hosts that create tables through their own migrations (with {@link
   * Builder#createTables(boolean)} off).
   */
  public static List<String> createTableStatements(String table) {
    return schema(table).createStatements();
  }

  private static JdbcSchema schema(String table) {
    return new JdbcSchema(table, "CREATE TABLE IF NOT EXISTS %s ("
        + "scope VARCHAR(" + DedupSink.MAX_SCOPE_LENGTH + ") NOT NULL, "
        + "delivery_id VARCHAR(" + MAX_ID_LENGTH + ") NOT NULL, "
        + "seen_at TIMESTAMP NOT NULL, "
        + "PRIMARY KEY (scope, delivery_id))",
        List.of(JdbcSeenDeliveryIds::addScope));
  }

  /** Version 1 to 2: ids get a scope; those already there get the one that counts for every scope. */
  private static void addScope(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (!JdbcSchema.hasColumn(connection, table, "scope")) {
        statement.executeUpdate("ALTER TABLE " + table + " ADD COLUMN scope VARCHAR(" + DedupSink.MAX_SCOPE_LENGTH
            + ") DEFAULT '" + EVERY_SCOPE + "' NOT NULL");
        statement.executeUpdate("ALTER TABLE " + table + " DROP CONSTRAINT " + JdbcSchema.primaryKeyName(connection, table));
        statement.executeUpdate("ALTER TABLE " + table + " ADD PRIMARY KEY (scope, delivery_id)");
      }
    }
  }

  @Override
  public Set<String> seenAmong(String scope, Collection<String> deliveryIds) {
    checkScope(scope);
    Set<String> seen = new HashSet<>();
    List<String> ids = new ArrayList<>(new HashSet<>(deliveryIds));
    try (Connection connection = connection()) {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
        String sql = "SELECT delivery_id FROM " + table + " WHERE scope IN (?, ?) AND delivery_id IN ("
            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          select.setString(1, scope);
          select.setString(2, EVERY_SCOPE);
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 3, chunk.get(i));
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
  public void markSeen(String scope, Collection<String> deliveryIds) {
    checkScope(scope);
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
        markEachSeen(connection, scope, ids, now);
        return;
      }
      String sql = dialect == JdbcTransaction.Dialect.POSTGRESQL
          ? "INSERT INTO " + table + " (scope, delivery_id, seen_at) VALUES (?, ?, ?) ON CONFLICT (scope, delivery_id) DO NOTHING"
          : "MERGE INTO " + table + " AS seen USING (VALUES (CAST(? AS VARCHAR(" + DedupSink.MAX_SCOPE_LENGTH + ")),"
              + " CAST(? AS VARCHAR(" + MAX_ID_LENGTH + ")), CAST(? AS TIMESTAMP)))"
              + " AS fresh (scope, delivery_id, seen_at) ON seen.scope = fresh.scope AND seen.delivery_id = fresh.delivery_id"
              + " WHEN NOT MATCHED THEN INSERT (scope, delivery_id, seen_at) VALUES (fresh.scope, fresh.delivery_id, fresh.seen_at)";
      for (int attempt = 1; ; attempt++) {
        try {
          JdbcTransaction.run(connection, batch -> {
            try (PreparedStatement insert = batch.prepareStatement(sql)) {
              for (String id : ids) {
                insert.setString(1, scope);
                insert.setString(2, id);
                insert.setTimestamp(3, now);
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

  private static void checkScope(String scope) {
    if (scope == null || scope.isEmpty() || scope.length() > DedupSink.MAX_SCOPE_LENGTH) {
      throw new IllegalArgumentException("a scope must be 1 to " + DedupSink.MAX_SCOPE_LENGTH + " characters");
    }
  }

  /** The portable path: an insert, in a transaction of its own, for each id not seen yet; one another process added first is left. */
  private void markEachSeen(Connection connection, String scope, Set<String> ids, Timestamp now) throws SQLException {
    Set<String> fresh = new HashSet<>(ids);
    fresh.removeAll(seenAmong(scope, fresh));
    String sql = "INSERT INTO " + table + " (scope, delivery_id, seen_at) VALUES (?, ?, ?)";
    for (String id : fresh) {
      try {
        JdbcTransaction.run(connection, single -> {
          try (PreparedStatement insert = single.prepareStatement(sql)) {
            insert.setString(1, scope);
            insert.setString(2, id);
            insert.setTimestamp(3, now);
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
    return storage.connection();
  }

  /** Options of a {@link JdbcSeenDeliveryIds}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Clock clock = Clock.systemUTC();
    private boolean createTables = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The table's name, a plain SQL identifier (letters, digits, underscores); {@value JdbcSeenDeliveryIds#DEFAULT_TABLE} unless set. */
    public Builder table(String table) {
      this.table = JdbcSchema.checkedIdentifier(table);
      return this;
    }

    /** Stamps when an id was first seen; the system clock unless set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether the table is created and migrated on first use (the default); off, it must exist at
     * the current schema version (see {@link #createTableStatements}) or the first use fails.
     */
    public Builder createTables(boolean createTables) {
      this.createTables = createTables;
      return this;
    }

    /** The ledger. */
    public JdbcSeenDeliveryIds build() {
      return new JdbcSeenDeliveryIds(this);
    }
  }
}
