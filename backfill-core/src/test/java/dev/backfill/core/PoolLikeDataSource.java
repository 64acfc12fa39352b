package dev.backfill.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that behaves like a host's connection pool configured with {@code
 * autoCommit=false} (HikariCP under Spring, say): it hands out connections with auto-commit off
 * and, when one is closed (returned), rolls back whatever was not committed. It records the
 * auto-commit setting each connection had when it came back.
 */
public final class PoolLikeDataSource extends TestDataSource {
  private final String url;
  /** Each returned connection's auto-commit setting, in the order they came back. */
  public final List<Boolean> autoCommitOnReturn = new CopyOnWriteArrayList<>();

  public PoolLikeDataSource(String url) {
    this.url = url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(url);
    real.setAutoCommit(false);
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && (args == null || args.length == 0)) {
            if (!real.isClosed()) {
              autoCommitOnReturn.add(real.getAutoCommit());
              if (!real.getAutoCommit()) {
                real.rollback();
              }
              real.close();
            }
            return null;
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException failed) {
            throw failed.getCause();
          }
        });
  }
}
