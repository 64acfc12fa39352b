package dev.backfill.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.error.StorageException;
import dev.backfill.core.internal.JdbcTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link CheckpointStore} in a table of any JDBC database. The table is created on first use
 * ({@code CREATE TABLE IF NOT EXISTS}) with one row per key holding the checkpoint as JSON. Each
 * save and delete is one transaction that is committed whatever auto-commit setting the pool hands
 * connections out with (the setting is restored before the connection is closed); a save is the
 * database's own upsert where it has one ({@code ON CONFLICT} on PostgreSQL, {@code MERGE} on H2)
 * and otherwise an update then an insert, retried once when another process inserted the row
 * first. Tested with H2 directly and behind a pool that hands out {@code autoCommit=false}
 * connections.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
  /** The table name used when none is given. */
  public static final String DEFAULT_TABLE = "backfill_checkpoint";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final int MAX_JSON_LENGTH = 8000;

  private final DataSource dataSource;
  private final String table;
  private final ObjectMapper mapper = BackfillJson.newMapper();
  private volatile boolean tableReady;

  public JdbcCheckpointStore(DataSource dataSource) {
    this(dataSource, DEFAULT_TABLE);
  }

  /**
   * @param table a plain SQL identifier (letters, digits, underscores)
   */
  public JdbcCheckpointStore(DataSource dataSource, String table) {
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("table name must be a plain SQL identifier, got '" + table + "'");
    }
    this.dataSource = dataSource;
    this.table = table;
  }

  @Override
  public Optional<Checkpoint> load(CheckpointKey key) {
    String sql = "SELECT checkpoint_json FROM " + table
        + " WHERE provider = ? AND connection_id = ? AND resource_id = ? AND entity_type = ?";
    try (Connection connection = connection(); PreparedStatement select = connection.prepareStatement(sql)) {
      bindKey(select, key, 1);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(parse(rows.getString(1), key.toString())) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void save(Checkpoint checkpoint) {
    String json = toJson(checkpoint);
    CheckpointKey key = checkpoint.key();
    String update = "UPDATE " + table + " SET checkpoint_json = ?, updated_at = ?"
        + " WHERE provider = ? AND connection_id = ? AND resource_id = ? AND entity_type = ?";
    String insert = "INSERT INTO " + table
        + " (provider, connection_id, resource_id, entity_type, checkpoint_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
    try (Connection connection = connection()) {
      JdbcTransaction.Dialect dialect = JdbcTransaction.dialect(connection);
      if (dialect != JdbcTransaction.Dialect.PORTABLE) {
        JdbcTransaction.run(connection, upsert -> insertRow(upsert, upsertSql(dialect), json, checkpoint, key));
        return;
      }
      try {
        JdbcTransaction.run(connection, portable -> updateRow(portable, update, json, checkpoint, key) > 0
            ? 1 : insertRow(portable, insert, json, checkpoint, key));
      } catch (SQLException raced) {
        if (!JdbcTransaction.isIntegrityViolation(raced)
            || JdbcTransaction.run(connection, again -> updateRow(again, update, json, checkpoint, key)) == 0) {
          throw raced;
        }
      }
    } catch (SQLException e) {
      throw failure("write", key, e);
    }
  }

  private String upsertSql(JdbcTransaction.Dialect dialect) {
    String columns = " (provider, connection_id, resource_id, entity_type, checkpoint_json, updated_at)";
    return dialect == JdbcTransaction.Dialect.POSTGRESQL
        ? "INSERT INTO " + table + columns + " VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (provider, connection_id, resource_id, entity_type)"
            + " DO UPDATE SET checkpoint_json = EXCLUDED.checkpoint_json, updated_at = EXCLUDED.updated_at"
        : "MERGE INTO " + table + columns + " KEY (provider, connection_id, resource_id, entity_type) VALUES (?, ?, ?, ?, ?, ?)";
  }

  private static int insertRow(Connection connection, String sql, String json, Checkpoint checkpoint, CheckpointKey key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bindKey(statement, key, 1);
      statement.setString(5, json);
      statement.setTimestamp(6, Timestamp.from(checkpoint.updatedAt()));
      return statement.executeUpdate();
    }
  }

  private static int updateRow(Connection connection, String sql, String json, Checkpoint checkpoint, CheckpointKey key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, json);
      statement.setTimestamp(2, Timestamp.from(checkpoint.updatedAt()));
      bindKey(statement, key, 3);
      return statement.executeUpdate();
    }
  }

  @Override
  public List<Checkpoint> list() {
    String sql = "SELECT provider, connection_id, resource_id, entity_type, checkpoint_json FROM " + table;
    List<Checkpoint> checkpoints = new ArrayList<>();
    try (Connection connection = connection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        CheckpointKey key = CheckpointKey.of(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4));
        checkpoints.add(parse(rows.getString(5), key.toString()));
      }
      return checkpoints;
    } catch (SQLException e) {
      throw new StorageException("cannot list checkpoints in table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(CheckpointKey key) {
    String sql = "DELETE FROM " + table + " WHERE provider = ? AND connection_id = ? AND resource_id = ? AND entity_type = ?";
    try (Connection connection = connection()) {
      JdbcTransaction.run(connection, delete -> {
        try (PreparedStatement statement = delete.prepareStatement(sql)) {
          bindKey(statement, key, 1);
          return statement.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw failure("delete", key, e);
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
              + "provider VARCHAR(64) NOT NULL, "
              + "connection_id VARCHAR(191) NOT NULL, "
              + "resource_id VARCHAR(255) NOT NULL, "
              + "entity_type VARCHAR(64) NOT NULL, "
              + "checkpoint_json VARCHAR(" + MAX_JSON_LENGTH + ") NOT NULL, "
              + "updated_at TIMESTAMP NOT NULL, "
              + "PRIMARY KEY (provider, connection_id, resource_id, entity_type))");
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

  private static void bindKey(PreparedStatement statement, CheckpointKey key, int first) throws SQLException {
    statement.setString(first, key.provider());
    statement.setString(first + 1, key.connectionId());
    statement.setString(first + 2, key.resourceId());
    statement.setString(first + 3, key.entityType());
  }

  private String toJson(Checkpoint checkpoint) {
    try {
      String json = mapper.writeValueAsString(checkpoint);
      if (json.length() > MAX_JSON_LENGTH) {
        throw new BackfillException("checkpoint of " + checkpoint.key() + " is " + json.length()
            + " characters, more than the column holds (" + MAX_JSON_LENGTH + ")");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new BackfillException("cannot serialise checkpoint of " + checkpoint.key(), e);
    }
  }

  private Checkpoint parse(String json, String key) {
    try {
      Checkpoint checkpoint = mapper.readValue(json, Checkpoint.class);
      if (checkpoint == null) {
        throw new IllegalStateException("row holds JSON null");
      }
      return checkpoint;
    } catch (JsonProcessingException | RuntimeException unreadable) {
      throw new CheckpointCorruptedException("table " + table + ", row " + key, unreadable);
    }
  }

  private StorageException failure(String action, CheckpointKey key, SQLException e) {
    return new StorageException("cannot " + action + " checkpoint " + key + " in table " + table + ": " + e.getMessage(), e);
  }
}
