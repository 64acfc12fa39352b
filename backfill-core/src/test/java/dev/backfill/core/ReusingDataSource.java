package dev.backfill.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * The least a host's pool does: connections of {@code database} are opened once and handed out
 * again when closed, as they are, so benchmark figures measure statements, not logins.
 */
public final class ReusingDataSource extends TestDataSource {
  private final DataSource database;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

  public ReusingDataSource(DataSource database) {
    this.database = database;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection physical = idle.poll();
    if (physical == null) {
      physical = database.getConnection();
    }
    Connection held = physical;
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && (args == null || args.length == 0)) {
            idle.add(held);
            return null;
          }
          try {
            return method.invoke(held, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
