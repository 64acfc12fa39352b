package dev.backfill.cli;

import dev.backfill.core.Connectors;
import dev.backfill.core.spi.ConnectorOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code backfill} command line: see a backfill work, run one for real, plan it, inspect it, transform a webhook. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    version = "backfill 0.1.0-SNAPSHOT",
    description = "Backfills a source's history as webhook-equivalent events, with every connector installed (see: backfill providers).",
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
    addProviderOptions(commandLine, Connectors.load());
    commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
      String name = failure instanceof IllegalArgumentException ? "" : failure.getClass().getSimpleName() + ": ";
      line.getErr().println("backfill: " + io.safe(name + failure.getMessage()));
      return ExitCodes.of(failure);
    });
    return commandLine.execute(args);
  }

  /**
   * Adds every option the installed connectors describe ({@code --repo}, {@code --org}, ...) to
   * {@code run} and {@code plan}, once per name, documented with the providers that take it; the
   * values land in the command's {@link ConnectionOptions#providerOptions}, which checks them
   * against the chosen provider.
   */
  private static void addProviderOptions(CommandLine commandLine, Connectors connectors) {
    Map<String, List<String>> descriptions = new TreeMap<>();
    for (String provider : connectors.providers()) {
      for (ConnectorOption option : connectors.get(provider).descriptor().options()) {
        descriptions.computeIfAbsent(option.name(), name -> new ArrayList<>()).add(provider + ": " + option.description());
      }
    }
    for (CommandLine command : List.of(commandLine.getSubcommands().get("run"), commandLine.getSubcommands().get("plan"))) {
      Map<String, List<String>> values = ((ConnectionCommand) command.getCommand()).connectionOptions().providerOptions;
      descriptions.forEach((name, text) -> command.getCommandSpec().addOption(OptionSpec.builder(name)
          .paramLabel("VALUE")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .arity("1")
          .description(String.join("; ", text) + ".")
          .getter(new IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get() {
              return (T) values.get(name);
            }
          })
          .setter(new ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T set(T value) {
              if (value == null) {
                values.remove(name);
              } else {
                values.put(name, (List<String>) value);
              }
              return null;
            }
          })
          .build()));
    }
  }

  /** A command that takes a connection's options, so provider options can be added to it. */
  interface ConnectionCommand {
    ConnectionOptions connectionOptions();
  }

  private static void exitCodeList(CommandLine commandLine) {
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.TABLE);
    commandLine.getSubcommands().values().forEach(BackfillCli::exitCodeList);
  }
}
