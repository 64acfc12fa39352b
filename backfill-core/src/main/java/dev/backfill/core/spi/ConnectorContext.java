package dev.backfill.core.spi;

import dev.backfill.core.http.ProviderHttp;
import java.time.Clock;

/**
 * What the runner gives a connector for one (resource, entity type) worker: the connection, its
 * settings, and the HTTP client that retries, paces and authenticates requests.
 */
public interface ConnectorContext {
  /** The host's id of the connection being backfilled. */
  String connectionId();

  /** The connection's settings, parsed once against the connector's {@link SettingsSpec}, defaults filled in. */
  Settings settings();

  /** The HTTP client for this provider and connection; every request goes through it. */
  ProviderHttp http();

  /** The runner's clock; use it instead of the system clock so tests control time. */
  Clock clock();
}
