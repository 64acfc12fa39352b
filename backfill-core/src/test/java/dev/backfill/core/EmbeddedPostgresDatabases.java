package dev.backfill.core;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for the tests, started once per test JVM from the embedded binaries (no
 * Docker) and stopped when the JVM exits; each caller gets a database of its own.
 */
public final class EmbeddedPostgresDatabases {
  private static EmbeddedPostgres server;

  private EmbeddedPostgresDatabases() {}

  /** The JDBC URL (with its user) of a new, empty database. */
  public static synchronized String newDatabaseUrl() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.start();
        EmbeddedPostgres started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.close();
          } catch (IOException ignored) {
            // The JVM is going away; the server's directory goes with the temporary files.
          }
        }));
      }
      String name = "backfill_" + UUID.randomUUID().toString().replace("-", "");
      try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
        statement.executeUpdate("CREATE DATABASE " + name);
      }
      return server.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a database in the embedded PostgreSQL", e);
    }
  }
}
