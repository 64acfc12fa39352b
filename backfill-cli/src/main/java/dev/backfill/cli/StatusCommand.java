package dev.backfill.cli;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.FileCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backfill status}: what each (resource, entity type) in a state directory has done: the
 * ranges it covered and the one in progress. A file
 * that cannot be read is reported on stderr and the rest still listed; the exit code is then 1.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the checkpoints in a state directory.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  BackfillCli cli;

  @Option(names = "--state", required = true, description = "The state directory a run wrote.")
  Path state;

  @Override
  public Integer call() {
    Io io = cli.io;
    Path directory = io.resolve(state);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("no state directory at " + directory);
    }
    List<CheckpointCorruptedException> unreadable = new ArrayList<>();
    List<Checkpoint> checkpoints = new FileCheckpointStore(directory).list(unreadable::add);
    checkpoints.sort(Comparator.comparing(checkpoint -> checkpoint.key().toString()));
    unreadable.sort(Comparator.comparing(CheckpointCorruptedException::location));
    for (CheckpointCorruptedException bad : unreadable) {
      io.err.println("backfill: unreadable checkpoint " + io.safe(bad.location()) + ": " + io.safe(rootCause(bad)));
    }
    if (checkpoints.isEmpty()) {
      io.out.println("no readable checkpoints in " + directory);
      return unreadable.isEmpty() ? ExitCodes.DONE : ExitCodes.PARTIAL_FAILURE;
    }
    io.out.printf("%-8s %-12s %-28s %-13s %-10s %6s %8s  %s%n", "provider", "connection", "resource", "entity type", "status", "pages",
        "events", "covered");
    for (Checkpoint checkpoint : checkpoints) {
      List<Window> covered = checkpoint.coveredRanges();
      io.out.printf("%-8s %-12s %-28s %-13s %-10s %6d %8d  %s%n",
          checkpoint.key().provider(), checkpoint.key().connectionId(), checkpoint.key().resourceId(), checkpoint.key().entityType(),
          checkpoint.status().name().toLowerCase(), checkpoint.counts().pages(), checkpoint.counts().events(),
          covered.isEmpty() ? "nothing yet" : covered.stream().map(Window::describe).collect(Collectors.joining(", ")));
      if (checkpoint.status() != BackfillStatus.COMPLETED) {
        io.out.println("    in progress: " + checkpoint.window().describe());
      }
      checkpoint.lastError().ifPresent(error -> io.out.println("    last error: " + io.safe(error)));
    }
    return unreadable.isEmpty() ? ExitCodes.DONE : ExitCodes.PARTIAL_FAILURE;
  }

  private static String rootCause(CheckpointCorruptedException bad) {
    Throwable cause = bad.getCause() == null ? bad : bad.getCause();
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
