package dev.backfill.temporal;

import dev.backfill.core.spi.CredentialProvider;

/** Finds the credentials of a connection inside an activity, so no credential travels through workflow state. */
@FunctionalInterface
public interface CredentialResolver {
  /** The credentials of connection {@code connectionId} of {@code provider}. */
  CredentialProvider credentials(String provider, String connectionId);
}
