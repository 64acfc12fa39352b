package dev.backfill.cli;

import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.FileCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backfill status}: what each (resource, entity type) in a state directory has done. */
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
    List<Checkpoint> checkpoints = new FileCheckpointStore(directory).list();
    checkpoints.sort(Comparator.comparing(checkpoint -> checkpoint.key().toString()));
    if (checkpoints.isEmpty()) {
      io.out.println("no checkpoints in " + directory);
      return ExitCodes.DONE;
    }
    io.out.printf("%-8s %-12s %-28s %-13s %-10s %6s %8s  %s%n", "provider", "connection", "resource", "entity type", "status", "pages",
        "events", "window");
    for (Checkpoint checkpoint : checkpoints) {
      io.out.printf("%-8s %-12s %-28s %-13s %-10s %6d %8d  %s .. %s%n",
          checkpoint.key().provider(), checkpoint.key().connectionId(), checkpoint.key().resourceId(), checkpoint.key().entityType(),
          checkpoint.status().name().toLowerCase(), checkpoint.counts().pages(), checkpoint.counts().events(),
          checkpoint.window().since(), checkpoint.window().until());
      checkpoint.lastError().ifPresent(error -> io.out.println("    last error: " + error));
    }
    return ExitCodes.DONE;
  }
}
