package dev.backfill.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One of the SDK's tables in the host's database: hands out connections once the table is ready,
 * created or migrated by its {@link JdbcSchema} on first use (or, with creation off, checked).
 */
public final class JdbcTable {
  private final DataSource dataSource;
  private final JdbcSchema schema;
  private final boolean create;
  private volatile boolean ready;

  public JdbcTable(DataSource dataSource, JdbcSchema schema, boolean create) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = schema;
    this.create = create;
  }

  /** A connection of the host's data source; the caller closes it. */
  public Connection connection() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (!ready) {
      prepare(connection);
    }
    return connection;
  }

  private synchronized void prepare(Connection connection) throws SQLException {
    if (ready) {
      return;
    }
    try {
      schema.prepare(connection, create);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    ready = true;
  }
}
