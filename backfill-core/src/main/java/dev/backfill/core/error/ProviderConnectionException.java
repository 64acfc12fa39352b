package dev.backfill.core.error;

/** The provider could not be reached (connection refused or reset, timeout) after the configured retries. Retryable. */
public class ProviderConnectionException extends ProviderException {
  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public ProviderConnectionException(String provider, String url, Throwable cause) {
    super(provider, url, 0, "could not reach " + provider + " at " + url + ": " + describe(cause), cause);
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
