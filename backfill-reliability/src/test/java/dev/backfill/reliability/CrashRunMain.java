package dev.backfill.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.UrlDataSource;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.DedupSink;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.sink.JdbcSeenDeliveryIds;
import dev.backfill.core.sink.JsonLinesSink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.core.state.JdbcCheckpointStore;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backfill in a JVM of its own, for the crash tests to kill: {@code provider file|jdbc
 * storeLocation eventsFile nowIso depthDays entities key=value...}, where a JDBC location is the
 * database's URL. Events go to a JSON Lines file forced to disk before each checkpoint, through a
 * {@link DedupSink} on a JDBC ledger when {@code -Dbackfill.ledger=<url>} names one; {@code
 * -Dbackfill.connection} sets the connection id. Exits 0 when the run completed.
 */
public final class CrashRunMain {
  /** Short, so a restart after a kill waits at most this long for the killed run's claims to lapse. */
  static final Duration CLAIM_LEASE = Duration.ofSeconds(2);

  private static final ObjectMapper EVENTS = BackfillJson.newMapper();

  private CrashRunMain() {}

  public static void main(String[] args) throws Exception {
    String provider = args[0];
    CheckpointStore store;
    if ("jdbc".equals(args[1])) {
      store = JdbcCheckpointStore.builder(new UrlDataSource(args[2])).claimLease(CLAIM_LEASE).build();
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
    try (JsonLinesSink file = JsonLinesSink.appendingTo(events, true)) {
      String ledger = System.getProperty("backfill.ledger");
      EventSink sink = ledger == null ? file : new DedupSink(file, new JdbcSeenDeliveryIds(new UrlDataSource(ledger)));
      result = Backfill.builder()
          .checkpointStore(store)
          .clock(Clock.fixed(now, ZoneOffset.UTC))
          .httpSettings(Fixture.FAST)
          .build()
          .run(BackfillRequest.builder()
              .provider(provider)
              .connectionId(System.getProperty("backfill.connection", "chaos"))
              .credentials(CredentialProvider.staticToken("chaos-token"))
              .settings(settings)
              .entityTypes(entities)
              .depth(depth)
              .concurrency(2)
              .build(), sink);
    }
    for (WorkResult work : result.works()) {
      System.out.println("work " + work.key() + " " + work.status()
          + work.error().map(error -> " " + error.getClass().getSimpleName() + ": " + error.getMessage()).orElse(""));
    }
    System.out.println("run ended " + result.status());
    System.exit(result.status() == BackfillStatus.COMPLETED ? 0 : 1);
  }

  /** The command that runs this class in a JVM of its own; {@code jvmOptions} such as {@code -Dbackfill.ledger=...} go first. */
  static List<String> command(FakeConnection provider, FakeProvider fake, String store, String location, Path events, Depth depth,
      String... jvmOptions) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        // A short run spends much of its processor time compiling; C1 alone and the serial
        // collector cut the crash trials' processor time by a third, so two trials side by side
        // do not starve each other on two cores.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of(
        CrashRunMain.class.getName(),
        provider.provider(), store, location, events.toString(), Fixture.NOW.toString(), Integer.toString(depth.days()),
        String.join(",", provider.entityTypes())));
    provider.settings(fake, Fixture.PAGE_SIZE).forEach((key, value) -> command.add(key + "=" + value));
    return command;
  }

  /**
   * The events a run appended to {@code events}; none when it wrote no file. A partial last line,
   * left by a run killed while it wrote, is not an event (the next run's sink cuts it off); a
   * line that does not parse anywhere else fails.
   */
  static List<SourceEvent> read(Path events) throws IOException {
    if (!Files.exists(events)) {
      return List.of();
    }
    String text = Files.readString(events);
    List<SourceEvent> parsed = new ArrayList<>();
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        parsed.add(EVENTS.readValue(line, SourceEvent.class));
      } catch (IOException tornWrite) {
        throw new UncheckedIOException("a crash left a torn line inside the events file: " + line, tornWrite);
      }
    }
    return parsed;
  }
}
