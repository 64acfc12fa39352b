package dev.backfill.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.error.StateLockedException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CheckpointStore} in a table of any JDBC database: one row per key holding the
 * checkpoint as JSON, and the claim of the run that works on it. The table is created on first use
 * and migrated from older versions (see {@link #createTableStatements} for hosts that create tables
 * through their own migrations). Each save and delete is one transaction that is committed
 * whatever auto-commit setting the pool hands connections out with (the setting is restored
 * before the connection is closed); a save is the database's own upsert where it has one ({@code
 * ON CONFLICT} on PostgreSQL, {@code MERGE} on H2) and otherwise an update then an insert, retried
 * once when another process inserted the row first.
 *
 * <p>A claim ({@link #claim}) is a lease on the row, renewed in the background every third of
 * {@link Builder#claimLease} while its run lives. A second run of the work waits until the claim
 * is released or lapses (its holder was killed) and then takes it over; when it sees the holder
 * renew, the holder lives and the second run is refused. A run whose claim lapsed and was taken
 * over can no longer save that checkpoint. Processes' clocks must agree within a fraction of the
 * lease.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
  /** The table name used when none is given. */
  public static final String DEFAULT_TABLE = "backfill_checkpoint";
  /** How long a claim lives without renewal unless set. */
  public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcCheckpointStore.class);
  private static final int MAX_JSON_LENGTH = 8000;
  private static final String KEY_MATCHES = " WHERE provider = ? AND connection_id = ? AND resource_id = ? AND entity_type = ?";
  private static final AtomicLong CLAIMS = new AtomicLong();
  /** Renews the claims of every store in this JVM; one daemon thread, busy for a statement a third of a lease per claim. */
  private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "backfill-claim-renewal");
    thread.setDaemon(true);
    return thread;
  });

  private final String table;
  private final Duration lease;
  private final Clock clock;
  private final JdbcTable storage;
  private final ObjectMapper mapper = BackfillJson.newMapper();
  private final String owner = "pid " + ProcessHandle.current().pid() + " "
      + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  /** The claims this store holds, by key: the holder each is recorded under. */
  private final Map<CheckpointKey, String> held = new ConcurrentHashMap<>();

  /** A store in {@value #DEFAULT_TABLE}, created when missing. */
  public JdbcCheckpointStore(DataSource dataSource) {
    this(builder(dataSource));
  }

  private JdbcCheckpointStore(Builder builder) {
    this.table = builder.table;
    this.lease = builder.claimLease;
    this.clock = builder.clock;
    this.storage = new JdbcTable(builder.dataSource, schema(table), builder.createTables);
  }

  /** A builder for a store on {@code dataSource}, for another table name, claim lease or no automatic creation. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The statements that create the store's table at the current schema version and record that
   * version, for hosts that create tables through their own migrations (with {@link
   * Builder#createTables(boolean)} off).
   */
  public static List<String> createTableStatements(String table) {
    return schema(table).createStatements();
  }

  private static JdbcSchema schema(String table) {
    return new JdbcSchema(table, "CREATE TABLE IF NOT EXISTS %s ("
        + "provider VARCHAR(64) NOT NULL, "
        + "connection_id VARCHAR(191) NOT NULL, "
        + "resource_id VARCHAR(255) NOT NULL, "
        + "entity_type VARCHAR(64) NOT NULL, "
        + "checkpoint_json VARCHAR(" + MAX_JSON_LENGTH + "), "
        + "updated_at TIMESTAMP NOT NULL, "
        + "claimed_by VARCHAR(64), "
        + "claimed_until TIMESTAMP, "
        + "PRIMARY KEY (provider, connection_id, resource_id, entity_type))",
        List.of(JdbcCheckpointStore::addClaims));
  }

  /** Version 1 to 2: rows carry the claim of the run working on them, before it saved a checkpoint too. */
  private static void addClaims(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (!JdbcSchema.hasColumn(connection, table, "claimed_by")) {
        statement.executeUpdate("ALTER TABLE " + table + " ADD COLUMN claimed_by VARCHAR(64)");
      }
      if (!JdbcSchema.hasColumn(connection, table, "claimed_until")) {
        statement.executeUpdate("ALTER TABLE " + table + " ADD COLUMN claimed_until TIMESTAMP");
      }
      statement.executeUpdate("ALTER TABLE " + table + " ALTER COLUMN checkpoint_json DROP NOT NULL");
    }
  }

  @Override
  public Optional<Checkpoint> load(CheckpointKey key) {
    String sql = "SELECT checkpoint_json FROM " + table + KEY_MATCHES;
    try (Connection connection = connection(); PreparedStatement select = connection.prepareStatement(sql)) {
      bindKey(select, key, 1);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next() || rows.getString(1) == null) {
          return Optional.empty();
        }
        return Optional.of(parse(rows.getString(1), key.toString()));
      }
    } catch (SQLException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void save(Checkpoint checkpoint) {
    String json = toJson(checkpoint);
    CheckpointKey key = checkpoint.key();
    String holder = held.get(key);
    String update = "UPDATE " + table + " SET checkpoint_json = ?, updated_at = ?" + KEY_MATCHES;
    String insert = "INSERT INTO " + table
        + " (provider, connection_id, resource_id, entity_type, checkpoint_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
    try (Connection connection = connection()) {
      if (holder != null) {
        String fenced = update + " AND claimed_by = ?";
        if (JdbcTransaction.run(connection, claimed -> updateRow(claimed, fenced, json, checkpoint, key, holder)) == 0) {
          throw new StateLockedException("table " + table + ", row " + key, "another run took the work over after this run's claim lapsed");
        }
        return;
      }
      JdbcTransaction.Dialect dialect = JdbcTransaction.dialect(connection);
      if (dialect != JdbcTransaction.Dialect.PORTABLE) {
        JdbcTransaction.run(connection, upsert -> insertRow(upsert, upsertSql(dialect), json, checkpoint, key));
        return;
      }
      try {
        JdbcTransaction.run(connection, portable -> updateRow(portable, update, json, checkpoint, key, null) > 0
            ? 1 : insertRow(portable, insert, json, checkpoint, key));
      } catch (SQLException raced) {
        if (!JdbcTransaction.isIntegrityViolation(raced)
            || JdbcTransaction.run(connection, again -> updateRow(again, update, json, checkpoint, key, null)) == 0) {
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

  private static int updateRow(Connection connection, String sql, String json, Checkpoint checkpoint, CheckpointKey key,
      String holder) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, json);
      statement.setTimestamp(2, Timestamp.from(checkpoint.updatedAt()));
      bindKey(statement, key, 3);
      if (holder != null) {
        statement.setString(7, holder);
      }
      return statement.executeUpdate();
    }
  }

  @Override
  public List<Checkpoint> list() {
    String sql = "SELECT provider, connection_id, resource_id, entity_type, checkpoint_json FROM " + table
        + " WHERE checkpoint_json IS NOT NULL";
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

  /** {@inheritDoc} A claim on the key stays with its run. */
  @Override
  public void delete(CheckpointKey key) {
    try (Connection connection = connection()) {
      JdbcTransaction.run(connection, delete -> {
        try (PreparedStatement unclaimed = delete.prepareStatement("DELETE FROM " + table + KEY_MATCHES + " AND claimed_by IS NULL");
            PreparedStatement claimed = delete.prepareStatement("UPDATE " + table + " SET checkpoint_json = NULL" + KEY_MATCHES)) {
          bindKey(unclaimed, key, 1);
          bindKey(claimed, key, 1);
          return unclaimed.executeUpdate() + claimed.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw failure("delete", key, e);
    }
  }

  /**
   * {@inheritDoc} Waits while another run's claim is neither released, lapsed nor renewed: up to
   * one lease.
   *
   * @throws StateLockedException naming the holder and when its lease ends, once it renewed the claim
   *     or after one lease without the claim coming free
   * @throws BackfillCancelledException when the thread is interrupted while waiting
   */
  @Override
  public Claim claim(CheckpointKey key) {
    String holder = owner + " #" + CLAIMS.incrementAndGet();
    Instant giveUp = clock.instant().plus(lease);
    Instant firstSeenUntil = null;
    while (true) {
      Optional<Holder> other = tryClaim(key, holder);
      if (other.isEmpty()) {
        held.put(key, holder);
        long period = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = RENEWALS.scheduleAtFixedRate(() -> renew(key, holder), period, period, TimeUnit.MILLISECONDS);
        return () -> {
          renewal.cancel(false);
          release(key, holder);
        };
      }
      Instant until = other.get().until;
      if (firstSeenUntil == null) {
        firstSeenUntil = until;
      }
      if (until.isAfter(firstSeenUntil) || !clock.instant().isBefore(giveUp)) {
        throw new StateLockedException("table " + table + ", row " + key, other.get().owner + ", claimed until " + until);
      }
      try {
        Thread.sleep(Math.max(10, Math.min(500, lease.toMillis() / 10)));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new BackfillCancelledException("interrupted while waiting for another run's claim on " + key);
      }
    }
  }

  /** Takes the claim unless another live run holds it; then who holds it and until when. */
  private Optional<Holder> tryClaim(CheckpointKey key, String holder) {
    Timestamp now = Timestamp.from(clock.instant());
    Timestamp until = Timestamp.from(clock.instant().plus(lease));
    String take = "UPDATE " + table + " SET claimed_by = ?, claimed_until = ?" + KEY_MATCHES
        + " AND (claimed_by IS NULL OR claimed_until < ?)";
    String insert = "INSERT INTO " + table + " (provider, connection_id, resource_id, entity_type, updated_at, claimed_by,"
        + " claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (Connection connection = connection()) {
      int taken = JdbcTransaction.run(connection, claiming -> {
        try (PreparedStatement update = claiming.prepareStatement(take)) {
          update.setString(1, holder);
          update.setTimestamp(2, until);
          bindKey(update, key, 3);
          update.setTimestamp(7, now);
          return update.executeUpdate();
        }
      });
      if (taken == 1) {
        return Optional.empty();
      }
      try {
        JdbcTransaction.run(connection, claiming -> {
          try (PreparedStatement row = claiming.prepareStatement(insert)) {
            bindKey(row, key, 1);
            row.setTimestamp(5, now);
            row.setString(6, holder);
            row.setTimestamp(7, until);
            return row.executeUpdate();
          }
        });
        return Optional.empty();
      } catch (SQLException present) {
        if (!JdbcTransaction.isIntegrityViolation(present)) {
          throw present;
        }
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT claimed_by, claimed_until FROM " + table + KEY_MATCHES)) {
        bindKey(select, key, 1);
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next() && rows.getString(1) != null) {
            return Optional.of(new Holder(rows.getString(1), rows.getTimestamp(2).toInstant()));
          }
        }
      }
      return Optional.of(new Holder("a run that just released it", now.toInstant()));
    } catch (SQLException e) {
      throw failure("claim", key, e);
    }
  }

  private void release(CheckpointKey key, String holder) {
    held.remove(key, holder);
    try (Connection connection = connection()) {
      JdbcTransaction.run(connection, releasing -> {
        try (PreparedStatement free = releasing.prepareStatement(
                "UPDATE " + table + " SET claimed_by = NULL, claimed_until = NULL" + KEY_MATCHES + " AND claimed_by = ?");
            PreparedStatement empty = releasing.prepareStatement(
                "DELETE FROM " + table + KEY_MATCHES + " AND claimed_by IS NULL AND checkpoint_json IS NULL")) {
          bindKey(free, key, 1);
          free.setString(5, holder);
          bindKey(empty, key, 1);
          return free.executeUpdate() + empty.executeUpdate();
        }
      });
    } catch (SQLException e) {
      // The claim lapses at the end of its lease; the next run waits that long at most.
      LOG.warn("cannot release the claim on {} in table {}: {}", key, table, e.getMessage());
    }
  }

  /** Moves the end of a claim this store holds one lease ahead. */
  private void renew(CheckpointKey key, String holder) {
    String sql = "UPDATE " + table + " SET claimed_until = ?" + KEY_MATCHES + " AND claimed_by = ?";
    try (Connection connection = connection()) {
      JdbcTransaction.run(connection, renewing -> {
        try (PreparedStatement renew = renewing.prepareStatement(sql)) {
          renew.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
          bindKey(renew, key, 2);
          renew.setString(6, holder);
          return renew.executeUpdate();
        }
      });
    } catch (SQLException | RuntimeException e) {
      LOG.warn("cannot renew the claim on {} in table {}: {}", key, table, e.getMessage());
    }
  }

  private static final class Holder {
    final String owner;
    final Instant until;

    Holder(String owner, Instant until) {
      this.owner = owner;
      this.until = until;
    }
  }

  private Connection connection() throws SQLException {
    return storage.connection();
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

  /** Options of a {@link JdbcCheckpointStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private boolean createTables = true;
    private Duration claimLease = DEFAULT_CLAIM_LEASE;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The table's name, a plain SQL identifier (letters, digits, underscores); {@value JdbcCheckpointStore#DEFAULT_TABLE} unless set. */
    public Builder table(String table) {
      this.table = JdbcSchema.checkedIdentifier(table);
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

    /**
     * How long a claim lives without renewal: how long a run waits at most for the claim of a
     * killed run to lapse. 30 seconds unless set; renewed every third of it.
     */
    public Builder claimLease(Duration claimLease) {
      if (claimLease.isNegative() || claimLease.toMillis() < 30) {
        throw new IllegalArgumentException("a claim lease must be at least 30 ms, got " + claimLease);
      }
      this.claimLease = claimLease;
      return this;
    }

    /** Times claims; the system clock unless set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The store. */
    public JdbcCheckpointStore build() {
      return new JdbcCheckpointStore(this);
    }
  }
}
