package dev.backfill.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * One unit of JDBC work as one committed transaction, whatever auto-commit setting the host's pool
 * hands a connection out with (a pool that hands out {@code autoCommit=false} connections rolls
 * back what was not committed when they return); the setting is restored before the caller closes
 * the connection. Also tells which upsert the database speaks.
 */
public final class JdbcTransaction {
  /** Work on a connection inside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** The databases with an upsert of their own; anything else takes the portable path. */
  public enum Dialect {
    /** {@code INSERT ... ON CONFLICT ... DO UPDATE / DO NOTHING}. */
    POSTGRESQL,
    /** {@code MERGE INTO ... KEY (...)} and the standard {@code MERGE ... WHEN NOT MATCHED}. */
    H2,
    /** Update, then insert; a lost insert race is retried. */
    PORTABLE
  }

  private JdbcTransaction() {}

  /**
   * Runs {@code work} in a transaction on {@code connection} and commits it; rolls back and rethrows
   * on any failure.
   */
  public static <T> T run(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException failed) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        failed.addSuppressed(rollback);
      }
      throw failed;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }

  /** The upsert {@code connection}'s database speaks, from its metadata. */
  public static Dialect dialect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgresql")) {
      return Dialect.POSTGRESQL;
    }
    return product.equals("h2") ? Dialect.H2 : Dialect.PORTABLE;
  }

  /**
   * Whether a {@code CREATE TABLE IF NOT EXISTS} failed only because another process created the
   * table at the same moment (PostgreSQL then refuses the second one's row in its catalogue, or
   * reports the table or its row type as existing: SQLState 42P07, 42710).
   */
  public static boolean isCreatedMeanwhile(SQLException failure) {
    return isIntegrityViolation(failure) || "42P07".equals(failure.getSQLState()) || "42710".equals(failure.getSQLState());
  }

  /** Whether {@code failure} is a unique or other integrity constraint refusing a row (SQLState class 23). */
  public static boolean isIntegrityViolation(SQLException failure) {
    return failure.getSQLState() != null && failure.getSQLState().startsWith("23");
  }
}
