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
        WebhookCommand.class, CommandLine.HelpCommand.class})
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
    haltOnOutOfMemory();
    Io io = new Io(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err, System.console() != null);
    System.exit(execute(io, args));
  }

  /**
   * Makes an {@link OutOfMemoryError} that no one catches (in the HTTP client's threads, say) end
   * the process at once: a JVM out of memory cannot shut down in an orderly way, and would leave
   * Ctrl-C, SIGTERM and the caller waiting on it.
   */
  static void haltOnOutOfMemory() {
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
      if (failure instanceof OutOfMemoryError) {
        Runtime.getRuntime().halt(ExitCodes.PARTIAL_FAILURE);
      }
      System.err.println("backfill: unexpected " + failure.getClass().getSimpleName() + " in thread " + thread.getName());
    });
  }

  /** Runs the command line with the given environment and streams and returns its exit code. */
  static int execute(Io io, String... args) {
    CommandLine commandLine = new CommandLine(new BackfillCli(io));
    commandLine.setOut(new PrintWriter(io.out, true));
    commandLine.setErr(new PrintWriter(io.err, true));
    exitCodeList(commandLine);
    commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
      String name = failure instanceof IllegalArgumentException ? "" : failure.getClass().getSimpleName() + ": ";
      line.getErr().println("backfill: " + io.safe(name + failure.getMessage()));
      return ExitCodes.of(failure);
    });
    return commandLine.execute(args);
  }

  private static void exitCodeList(CommandLine commandLine) {
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.TABLE);
    commandLine.getSubcommands().values().forEach(BackfillCli::exitCodeList);
  }
}
