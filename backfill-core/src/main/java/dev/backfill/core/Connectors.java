package dev.backfill.core;

import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.UnknownProviderException;
import dev.backfill.core.spi.BackfillConnector;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** The connectors available to a runner, by provider id; usually found with {@link ServiceLoader}. */
public final class Connectors {
  private final Map<String, BackfillConnector> byProvider;

  private Connectors(Collection<BackfillConnector> connectors) {
    Map<String, BackfillConnector> map = new LinkedHashMap<>();
    for (BackfillConnector connector : connectors) {
      BackfillConnector previous = map.putIfAbsent(connector.providerId(), connector);
      if (previous != null) {
        throw new BackfillException("two connectors claim provider '" + connector.providerId() + "': "
            + previous.getClass().getName() + " and " + connector.getClass().getName());
      }
    }
    this.byProvider = Map.copyOf(map);
  }

  /**
   * Every connector on the class path or module path.
   *
   * @throws BackfillException when a connector is registered but cannot be instantiated
   */
  public static Connectors load() {
    return load(Connectors.class.getClassLoader());
  }

  /** Every connector visible to {@code loader}. */
  public static Connectors load(ClassLoader loader) {
    try {
      List<BackfillConnector> found = new java.util.ArrayList<>();
      ServiceLoader.load(BackfillConnector.class, loader).forEach(found::add);
      return new Connectors(found);
    } catch (ServiceConfigurationError broken) {
      throw new BackfillException("a registered connector could not be loaded: " + broken.getMessage(), broken);
    }
  }

  /** Exactly the given connectors, for tests and hosts that wire connectors by hand. */
  public static Connectors of(BackfillConnector... connectors) {
    return new Connectors(Arrays.asList(connectors));
  }

  /**
   * The connector of {@code providerId}.
   *
   * @throws UnknownProviderException listing the providers that were found
   */
  public BackfillConnector get(String providerId) {
    BackfillConnector connector = byProvider.get(providerId);
    if (connector == null) {
      throw new UnknownProviderException(providerId, providers());
    }
    return connector;
  }

  /** The provider ids found, sorted. */
  public Set<String> providers() {
    return new TreeSet<>(byProvider.keySet());
  }
}
