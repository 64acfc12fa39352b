package dev.backfill.reliability;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.sink.JsonLinesSink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.core.state.JdbcCheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A backfill in a JVM of its own, for the crash tests to kill: {@code provider file|jdbc
 * storeLocation eventsFile nowIso depthDays entities key=value...}. Events go to a JSON Lines file forced to
 * disk before each checkpoint; exits 0 when the run completed.
 */
public final class CrashRunMain {
  private CrashRunMain() {}

  public static void main(String[] args) throws Exception {
    String provider = args[0];
    CheckpointStore store;
    if ("jdbc".equals(args[1])) {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL(args[2]);
      store = new JdbcCheckpointStore(dataSource);
    } else {
      store = new FileCheckpointStore(Path.of(args[2]));
    }
    Path events = Path.of(args[3]);
    Instant now = Instant.parse(args[4]);
    Depth depth = Depth.ofDays(Integer.parseInt(args[5]));
    List<String> entities = Arrays.asList(args[6].split(","));
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 7; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    BackfillResult result;
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(events, true)) {
      result = Backfill.builder()
          .checkpointStore(store)
          .clock(Clock.fixed(now, ZoneOffset.UTC))
          .httpSettings(Fixture.FAST)
          .build()
          .run(BackfillRequest.builder()
              .provider(provider)
              .connectionId("chaos")
              .credentials(CredentialProvider.staticToken("chaos-token"))
              .settings(settings)
              .entityTypes(entities)
              .depth(depth)
              .concurrency(2)
              .build(), sink);
    }
    System.out.println("run ended " + result.status());
    System.exit(result.status() == BackfillStatus.COMPLETED ? 0 : 1);
  }
}
