package dev.backfill.core.internal;

import dev.backfill.core.error.BackfillException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shape of one of the SDK's tables and the version it is at. Versions are kept in {@value
 * #VERSION_TABLE} (one row per table name). A missing table is created at the current version; a
 * table at an older version is migrated step by step, each step committed with its new version; a
 * table of the first release, which had no version row, counts as version 1. Several processes may
 * do this at the same moment: a step another process took first is recognised and not applied
 * twice. With automatic creation off, the table must already be at the current version.
 */
public final class JdbcSchema {
  /** The table that records each table's schema version. */
  public static final String VERSION_TABLE = "backfill_schema_version";

  private static final String VERSION_TABLE_DDL = "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
      + " (table_name VARCHAR(128) NOT NULL PRIMARY KEY, version INTEGER NOT NULL)";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final int ATTEMPTS = 3;

  /** One step from version {@code n} to {@code n + 1}; safe to run when another process ran it first. */
  @FunctionalInterface
  public interface Migration {
    void apply(Connection connection, String table) throws SQLException;
  }

  private final String table;
  private final String createStatement;
  private final List<Migration> migrations;

  /**
   * @param table a plain SQL identifier
   * @param createStatement creates the table at the current version; {@code %s} stands for its name
   * @param migrations the steps from version 1 on: the current version is {@code migrations.size() + 1}
   */
  public JdbcSchema(String table, String createStatement, List<Migration> migrations) {
    this.table = checkedIdentifier(table);
    this.createStatement = createStatement;
    this.migrations = List.copyOf(migrations);
  }

  /** @throws IllegalArgumentException unless {@code name} is a plain SQL identifier */
  public static String checkedIdentifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("table name must be a plain SQL identifier, got '" + name + "'");
    }
    return name;
  }

  /** The version the table is at once {@link #prepare} returned. */
  public int currentVersion() {
    return migrations.size() + 1;
  }

  /**
   * The statements that create the version table and this table at the current version and record
   * that version, for hosts that run their own migrations.
   */
  public List<String> createStatements() {
    return List.of(VERSION_TABLE_DDL, createStatement(),
        "INSERT INTO " + VERSION_TABLE + " (table_name, version) VALUES ('" + table + "', " + currentVersion() + ")");
  }

  private String createStatement() {
    return String.format(Locale.ROOT, createStatement, table);
  }

  /**
   * Creates or migrates the table to the current version when {@code create} is on; otherwise
   * checks that it is there at the current version.
   *
   * @throws BackfillException (not retryable) when the table is newer than this SDK knows, or (creation off) missing or older
   */
  public void prepare(Connection connection, boolean create) throws SQLException {
    if (!create) {
      int version = exists(connection, VERSION_TABLE) ? recordedVersion(connection) : 0;
      if (version != currentVersion()) {
        throw new BackfillException("table " + table + " is at schema version " + version + " in " + VERSION_TABLE
            + ", this backfill needs version " + currentVersion()
            + "; create or migrate it with the DDL in the README, or turn automatic creation on");
      }
      return;
    }
    createIfMissing(connection, VERSION_TABLE, VERSION_TABLE_DDL);
    for (int attempt = 1; ; attempt++) {
      try {
        migrate(connection);
        return;
      } catch (SQLException raced) {
        // Another process migrated or created the table between our look and our step: look again.
        if (attempt == ATTEMPTS) {
          throw raced;
        }
      }
    }
  }

  private void migrate(Connection connection) throws SQLException {
    int version = recordedVersion(connection);
    if (version == 0) {
      if (!exists(connection, table)) {
        createIfMissing(connection, table, createStatement());
        JdbcTransaction.run(connection, recording -> record(recording, 0, currentVersion()));
        return;
      }
      JdbcTransaction.run(connection, recording -> record(recording, 0, 1));
      version = 1;
    }
    if (version > currentVersion()) {
      throw new BackfillException("table " + table + " is at schema version " + version
          + ", newer than this backfill knows (" + currentVersion() + "); upgrade backfill");
    }
    for (int step = version; step < currentVersion(); step++) {
      int from = step;
      Migration migration = migrations.get(from - 1);
      JdbcTransaction.run(connection, migrating -> {
        migration.apply(migrating, table);
        return record(migrating, from, from + 1);
      });
    }
  }

  private int recordedVersion(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT version FROM " + VERSION_TABLE + " WHERE table_name = ?")) {
      select.setString(1, table);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    }
  }

  /** Moves the recorded version from {@code from} to {@code to}; fails when another process moved it first. */
  private int record(Connection connection, int from, int to) throws SQLException {
    String sql = from == 0
        ? "INSERT INTO " + VERSION_TABLE + " (version, table_name) VALUES (?, ?)"
        : "UPDATE " + VERSION_TABLE + " SET version = ? WHERE table_name = ? AND version = " + from;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, to);
      statement.setString(2, table);
      if (statement.executeUpdate() != 1) {
        throw new SQLException("schema version of " + table + " changed meanwhile", "40001");
      }
      return to;
    }
  }

  private static void createIfMissing(Connection connection, String name, String ddl) throws SQLException {
    try {
      JdbcTransaction.run(connection, create -> {
        try (Statement statement = create.createStatement()) {
          return statement.executeUpdate(ddl);
        }
      });
    } catch (SQLException e) {
      if (!JdbcTransaction.isCreatedMeanwhile(e) || !exists(connection, name)) {
        throw e;
      }
    }
  }

  /** Whether {@code name} is a table in the connection's current schema, whatever case the database folds names to. */
  public static boolean exists(Connection connection, String name) throws SQLException {
    return !columns(connection, name).isEmpty();
  }

  /** Whether {@code table} has {@code column}. */
  public static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
    return columns(connection, table).contains(column.toLowerCase(Locale.ROOT));
  }

  /** The name of {@code table}'s primary key constraint, as the database reports it. */
  public static String primaryKeyName(Connection connection, String table) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    for (String name : spellings(table)) {
      try (ResultSet keys = metadata.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), name)) {
        if (keys.next()) {
          return keys.getString("PK_NAME");
        }
      }
    }
    throw new SQLException("table " + table + " has no primary key");
  }

  /** {@code table} as given and as databases fold unquoted names: upper case (H2), lower case (PostgreSQL). */
  private static List<String> spellings(String table) {
    return List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT));
  }

  private static List<String> columns(Connection connection, String table) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    for (String name : spellings(table)) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rows = metadata.getColumns(connection.getCatalog(), connection.getSchema(), name, null)) {
        while (rows.next()) {
          columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
      if (!columns.isEmpty()) {
        return columns;
      }
    }
    return List.of();
  }
}
