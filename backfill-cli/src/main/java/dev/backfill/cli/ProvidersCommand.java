package dev.backfill.cli;

import dev.backfill.core.Connectors;
import dev.backfill.core.spi.BackfillConnector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backfill providers}: the connectors found through ServiceLoader, and each one's settings. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = "List the installed connectors and their entity types, or one connector's settings.")
final class ProvidersCommand implements Callable<Integer> {
  @ParentCommand
  BackfillCli cli;

  @Option(names = "--settings", paramLabel = "PROVIDER", description = "Print this provider's settings with their documentation.")
  String settingsOf;

  @Override
  public Integer call() {
    Connectors connectors = Connectors.load();
    if (settingsOf != null) {
      cli.io.out.print(SettingsTable.of(connectors.get(settingsOf).settings()));
      return ExitCodes.DONE;
    }
    for (String provider : connectors.providers()) {
      BackfillConnector connector = connectors.get(provider);
      cli.io.out.printf("%-8s entity types: %s (default: %s)%n", provider,
          String.join(", ", connector.supportedEntityTypes()), String.join(", ", connector.defaultEntityTypes()));
    }
    return ExitCodes.DONE;
  }
}
