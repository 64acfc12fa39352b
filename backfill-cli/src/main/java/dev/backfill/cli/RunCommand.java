package dev.backfill.cli;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.StateLockedException;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillHandle;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.JsonLinesSink;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backfill run}: a real backfill, resumable with {@code --state}, cancelled cleanly by Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Backfill a connection's history into a JSON Lines file.")
final class RunCommand implements Callable<Integer>, BackfillCli.ConnectionCommand {
  @ParentCommand
  BackfillCli cli;

  @Mixin
  ConnectionOptions connection;

  @Override
  public ConnectionOptions connectionOptions() {
    return connection;
  }

  @Option(names = "--out", defaultValue = "backfill-out/events.jsonl",
      description = "Where events go, one JSON object a line, appended; '-' for standard output (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--state", description = "A directory of checkpoints; a second run with the same directory resumes,"
      + " and one run at a time may fetch each of its resources (default: none, in memory).")
  Path state;

  @Override
  public Integer call() throws IOException {
    Io io = cli.io;
    BackfillRequest request = connection.request(io);
    if (state == null) {
      return run(io, request, new InMemoryCheckpointStore());
    }
    return run(io, request, new FileCheckpointStore(io.resolve(state)));
  }

  private int run(Io io, BackfillRequest request, CheckpointStore store) throws IOException {
    Backfill backfill = Backfill.builder().checkpointStore(store).httpSettings(connection.httpSettings()).build();
    boolean toStdout = "-".equals(out);
    PrintStream report = toStdout ? io.err : io.out;
    try (JsonLinesSink sink = toStdout ? JsonLinesSink.writingTo(io.out) : JsonLinesSink.appendingTo(outputFile(io), false)) {
      ProgressReporter progress = new ProgressReporter(io, request.provider());
      BackfillHandle handle = backfill.start(request, sink, progress);
      CountDownLatch finished = new CountDownLatch(1);
      Thread onSignal = new Thread(() -> {
        handle.cancel();
        awaitQuietly(finished);
        Runtime.getRuntime().halt(ExitCodes.CANCELLED);
      }, "backfill-cancel");
      Runtime.getRuntime().addShutdownHook(onSignal);
      BackfillResult result;
      try {
        result = handle.await();
      } finally {
        progress.finish();
      }
      SummaryTable table = new SummaryTable();
      table.add(result);
      table.print(report);
      sink.close();
      int exit = exitCode(result, report, io);
      io.out.flush();
      io.err.flush();
      finished.countDown();
      removeQuietly(onSignal);
      return exit;
    }
  }

  private Path outputFile(Io io) throws IOException {
    Path file = io.resolve(Path.of(out));
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return file;
  }

  /** The exit code of a finished run, after printing each failure (without secrets) to {@code report}. */
  static int exitCode(BackfillResult result, PrintStream report, Io io) {
    if (result.status() == BackfillStatus.COMPLETED) {
      return ExitCodes.DONE;
    }
    if (result.status() == BackfillStatus.CANCELLED) {
      report.println("cancelled; run again with the same --state to resume");
      return ExitCodes.CANCELLED;
    }
    List<BackfillException> errors = new ArrayList<>();
    result.error().ifPresent(error -> {
      errors.add(error);
      report.println("failed: " + io.safe(error.getClass().getSimpleName() + ": " + error.getMessage()));
    });
    for (WorkResult work : result.works()) {
      work.error().ifPresent(error -> {
        errors.add(error);
        report.println(work.key() + " failed: " + io.safe(error.getClass().getSimpleName() + ": " + error.getMessage()));
      });
    }
    if (errors.stream().anyMatch(AuthenticationException.class::isInstance)) {
      return ExitCodes.AUTHENTICATION_FAILED;
    }
    return !errors.isEmpty() && errors.stream().allMatch(StateLockedException.class::isInstance) ? ExitCodes.STATE_LOCKED : ExitCodes.PARTIAL_FAILURE;
  }

  private static void awaitQuietly(CountDownLatch finished) {
    try {
      finished.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already shutting down; the hook is running and ends the process itself.
    }
  }
}
