package dev.backfill.cli;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.sink.EventBatch;
import dev.backfill.core.sink.JsonLinesSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backfill demo}: with no network and no credentials, backfills the testkit fakes of every
 * provider on loopback, draws progress, writes the events as JSON Lines and ends with a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "See a backfill work: every provider's fake API (GitHub, Vercel, Linear, Sentry, ...) on loopback, depth 30.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand
  BackfillCli cli;

  @Option(names = "--out-dir", defaultValue = "backfill-out", description = "Where events.jsonl is written (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Override
  public Integer call() throws IOException {
    Io io = cli.io;
    Path directory = io.resolve(outDir);
    Files.createDirectories(directory);
    Path events = directory.resolve("events.jsonl");
    Files.deleteIfExists(events);
    io.err.println("Starting the providers' fake APIs on loopback...");
    SummaryTable table = new SummaryTable();
    boolean allExact = true;
    try (DemoData demo = new DemoData(); JsonLinesSink file = JsonLinesSink.appendingTo(events, false)) {
      Backfill backfill = Backfill.builder().clock(Clock.fixed(demo.now, ZoneOffset.UTC)).build();
      for (DemoData.Provider provider : demo.providers) {
        Set<String> delivered = new HashSet<>();
        ProgressReporter progress = new ProgressReporter(io, provider.request.provider());
        BackfillResult result = backfill.start(provider.request, (EventBatch batch) -> {
          file.accept(batch);
          synchronized (delivered) {
            batch.events().stream().map(SourceEvent::sourceId).forEach(delivered::add);
          }
        }, progress).await();
        progress.finish();
        table.add(result);
        allExact &= delivered.equals(provider.expected);
      }
    }
    io.out.println();
    table.print(io.out);
    io.out.println();
    io.out.println("Events: " + events + (allExact ? " (exactly the sourceIds each fake expected)" : " (NOT the expected sourceIds)"));
    return allExact ? ExitCodes.DONE : ExitCodes.PARTIAL_FAILURE;
  }
}
