package dev.backfill.cli;

import dev.backfill.core.Connectors;
import dev.backfill.core.spi.BackfillConnector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code backfill providers}: the connectors found through ServiceLoader. */
@Command(name = "providers", mixinStandardHelpOptions = true, description = "List the installed connectors and their entity types.")
final class ProvidersCommand implements Callable<Integer> {
  @ParentCommand
  BackfillCli cli;

  @Override
  public Integer call() {
    Connectors connectors = Connectors.load();
    for (String provider : connectors.providers()) {
      BackfillConnector connector = connectors.get(provider);
      cli.io.out.printf("%-8s entity types: %s (default: %s)%n", provider,
          String.join(", ", connector.supportedEntityTypes()), String.join(", ", connector.defaultEntityTypes()));
    }
    return ExitCodes.DONE;
  }
}
