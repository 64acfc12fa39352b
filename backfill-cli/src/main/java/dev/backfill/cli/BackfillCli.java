package dev.backfill.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code backfill} command line: see a backfill work, run one for real, plan it, inspect it, transform a webhook. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    version = "backfill 0.1.0-SNAPSHOT",
    description = "Backfills GitHub, Vercel, Linear and Sentry history as webhook-equivalent events.",
    subcommands = {DemoCommand.class, RunCommand.class, PlanCommand.class, StatusCommand.class, ProvidersCommand.class,
        WebhookCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:partial failure (some resource or entity type failed; re-run to resume)",
        "2:bad usage",
        "3:authentication failed",
        "4:cancelled (Ctrl-C or timeout; re-run with the same --state to resume)",
        "5:webhook signature mismatch"})
public final class BackfillCli implements Runnable {
  final Io io;

  BackfillCli(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.err);
  }

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Io io = new Io(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err, System.console() != null);
    System.exit(execute(io, args));
  }

  /** Runs the command line with the given environment and streams and returns its exit code. */
  static int execute(Io io, String... args) {
    CommandLine commandLine = new CommandLine(new BackfillCli(io));
    commandLine.setOut(new PrintWriter(io.out, true));
    commandLine.setErr(new PrintWriter(io.err, true));
    commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
      if (failure instanceof IllegalArgumentException) {
        line.getErr().println("backfill: " + failure.getMessage());
        return ExitCodes.BAD_USAGE;
      }
      line.getErr().println("backfill: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
      return ExitCodes.PARTIAL_FAILURE;
    });
    return commandLine.execute(args);
  }
}
