package dev.backfill.core.spi;

import java.util.Set;

/**
 * Supplies the credential of a connection. The HTTP plumbing asks for one before each request and
 * calls {@link #invalidate} after the provider answered 401, then asks again; one request tries the
 * new credential while the connection's others wait, and a 401 for a credential that never worked
 * ends the work with an {@code AuthenticationException}. Requests side by side may invalidate the
 * same credential more than once: forget it only while it is still the current one. Implementations
 * cache as they see fit and must be thread-safe.
 */
public interface CredentialProvider {
  /**
   * The credential to use now for the given connection.
   *
   * @throws dev.backfill.core.error.AuthenticationException when none can be obtained
   */
  Credential credential(String connectionId);

  /** Forgets {@code rejected}, which the provider refused, so the next call obtains a fresh one. */
  void invalidate(String connectionId, Credential rejected);

  /**
   * Secrets this provider holds before any request is made (a static token, say), which the SDK
   * redacts from every message, log line and checkpoint from the start; credentials it hands out
   * later are redacted once they are used. Empty by default.
   */
  default Set<String> secretsToRedact() {
    return Set.of();
  }

  /**
   * A provider that always returns the same token, for personal and OAuth tokens. Invalidation has
   * nothing to refresh, so a 401 is retried once with the same token and then reported.
   *
   * @throws IllegalArgumentException when the token is empty or holds anything but visible ASCII
   *     (the message never shows the token)
   */
  static CredentialProvider staticToken(String token) {
    Credential credential = Credential.of(token);
    return new CredentialProvider() {
      @Override
      public Set<String> secretsToRedact() {
        return Set.of(token);
      }

      @Override
      public Credential credential(String connectionId) {
        return credential;
      }

      @Override
      public void invalidate(String connectionId, Credential rejected) {}

      @Override
      public String toString() {
        return "CredentialProvider.staticToken[redacted]";
      }
    };
  }
}
