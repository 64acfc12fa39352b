package dev.backfill.core;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that behaves like a host's connection pool configured with {@code
 * autoCommit=false} (HikariCP under Spring, say): it hands out connections with auto-commit off
 * and, when one is closed (returned), rolls back whatever was not committed. It records the
 * auto-commit setting each connection had when it came back.
 */
public final class PoolLikeDataSource implements DataSource {
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

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
