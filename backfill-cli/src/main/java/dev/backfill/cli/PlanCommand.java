package dev.backfill.cli;

import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillEstimate;
import dev.backfill.core.run.WorkEstimate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code backfill plan}: what a run would take, from one cheap request per (resource, entity type), without fetching the data. */
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

  @Override
  public Integer call() {
    Io io = cli.io;
    BackfillEstimate estimate = Backfill.builder().httpSettings(connection.httpSettings()).build().estimate(connection.request(io));
    for (WorkEstimate work : estimate.works()) {
      io.out.printf("%-30s %-13s %s%n", work.key().resourceId(), work.key().entityType(),
          work.pages().map(pages -> (pages.exact() ? "" : "at most ") + pages.pages() + " requests").orElse("no estimate from the provider"));
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
