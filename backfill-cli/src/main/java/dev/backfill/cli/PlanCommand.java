package dev.backfill.cli;

import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillEstimate;
import dev.backfill.core.run.WorkEstimate;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backfill plan}: what a run would take, from one cheap request per range a (resource,
 * entity type) still has to fetch, without fetching the data.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Estimate the requests a run needs and whether they fit the remaining budget.")
final class PlanCommand implements Callable<Integer>, BackfillCli.ConnectionCommand {
  @ParentCommand
  BackfillCli cli;

  @Mixin
  ConnectionOptions connection;

  @Override
  public ConnectionOptions connectionOptions() {
    return connection;
  }

  @Option(names = "--state", description = "The state directory runs use: only the ranges its checkpoints have not covered are estimated.")
  Path state;

  @Override
  public Integer call() {
    Io io = cli.io;
    CheckpointStore store = state == null ? new InMemoryCheckpointStore() : new FileCheckpointStore(io.resolve(state));
    BackfillEstimate estimate = Backfill.builder().checkpointStore(store).httpSettings(connection.httpSettings()).build()
        .estimate(connection.request(io));
    for (WorkEstimate work : estimate.works()) {
      String pages = work.ranges().isEmpty() ? "covered already"
          : work.pages().map(count -> (count.exact() ? "" : "at most ") + count.pages() + " requests").orElse("no estimate from the provider");
      io.out.printf("%-30s %-13s %-28s %s%n", work.key().resourceId(), work.key().entityType(), pages,
          work.ranges().stream().map(Window::describe).collect(Collectors.joining(", ")));
    }
    io.out.printf("estimated requests: %d%s%n", estimate.estimatedRequests(),
        estimate.worksWithoutEstimate() > 0 ? " (+ " + estimate.worksWithoutEstimate() + " without an estimate)" : "");
    io.out.printf("requests this plan used: %d%n", estimate.requestsUsed());
    io.out.printf("remaining budget: %s%s%n",
        estimate.remainingBudget().isPresent() ? Long.toString(estimate.remainingBudget().getAsLong()) : "not announced",
        estimate.budgetResetsAt().map(at -> ", resets at " + at).orElse(""));
    io.out.println("fits: " + estimate.fitsRemainingBudget().map(fits -> fits ? "yes" : "no, the run will wait for budget resets")
        .orElse("unknown"));
    return ExitCodes.DONE;
  }
}
