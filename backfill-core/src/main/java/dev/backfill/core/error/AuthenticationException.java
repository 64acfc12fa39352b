package dev.backfill.core.error;

/**
 * The provider rejected the connection's credential, and a fresh one from the {@code
 * CredentialProvider} was rejected too, or none could be obtained or used. Not retryable: someone
 * has to fix the credential.
 */
public class AuthenticationException extends ProviderException {
  /** The provider refused the connection's credential. */
  public AuthenticationException(String provider, String message) {
    super(provider, null, 0, provider + ": " + message, null);
  }

  /** The provider refused the connection's credential, for {@code cause}. */
  public AuthenticationException(String provider, String message, Throwable cause) {
    super(provider, null, 0, provider + ": " + message, cause);
  }
}
