package dev.backfill.core.spi;

import dev.backfill.core.http.HttpProfile;
import java.util.List;
import java.util.Optional;

/**
 * A provider's backfill: which entity types it offers, what resources a connection has, and how
 * to fetch one page. The runner owns everything else (windows, checkpoints, retries, pacing,
 * concurrency, delivery), so a connector stays a small, stateless translation layer.
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.backfill.core.spi.BackfillConnector} and in {@code module-info} with
 * {@code provides}. They need a public no-argument constructor and must be thread-safe; the runner
 * calls one instance from several workers at once.
 */
public interface BackfillConnector {
  /** The provider id, lower case, for example {@code github}; also the events' {@code source}. */
  String providerId();

  /** Every entity type this connector can backfill, in a stable order. */
  List<String> supportedEntityTypes();

  /** The entity types a request without an explicit list backfills; all of them unless overridden. */
  default List<String> defaultEntityTypes() {
    return supportedEntityTypes();
  }

  /**
   * Every setting a connection of this provider accepts, with types, defaults and documentation.
   * The runner parses a request's settings against it once and refuses unknown keys and
   * unreadable values, all of them in one message.
   */
  SettingsSpec settings();

  /**
   * How to talk to the provider for a connection with these settings: API base URL, auth scheme,
   * rate-limit headers and client-side ceilings.
   */
  HttpProfile httpProfile(Settings settings);

  /** The resources of the connection, in the order they should be worked through. */
  List<Resource> resources(ConnectorContext context);

  /**
   * Fetches one page and converts its items to events. Items that cannot be converted are reported
   * in {@link Page#skipped()}, never dropped silently and never thrown.
   *
   * @throws dev.backfill.core.error.BackfillException when the page cannot be fetched
   */
  Page fetchPage(ConnectorContext context, PageRequest request);

  /**
   * How tools present this connector: its credential variable, command-line options, credential
   * form and webhooks. Nothing by default.
   */
  default ConnectorDescriptor descriptor() {
    return ConnectorDescriptor.NONE;
  }

  /**
   * Estimates the pages a (resource, entity type) will take for the request's window, with at most
   * one cheap request. Empty when the provider gives no count.
   */
  default Optional<PageEstimate> estimate(ConnectorContext context, PageRequest request) {
    return Optional.empty();
  }
}
