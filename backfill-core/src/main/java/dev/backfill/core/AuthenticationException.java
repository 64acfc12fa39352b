package dev.backfill.core;

/**
 * The provider rejected the connection's credential, and a fresh one from the {@code
 * CredentialProvider} was rejected too (or none could be obtained). Not retried.
 */
public class AuthenticationException extends BackfillException {
  private final String provider;

  public AuthenticationException(String provider, String message) {
    super(provider + ": " + message);
    this.provider = provider;
  }

  public AuthenticationException(String provider, String message, Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
  }

  public String provider() {
    return provider;
  }
}
