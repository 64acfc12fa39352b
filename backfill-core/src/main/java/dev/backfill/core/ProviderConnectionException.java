package dev.backfill.core;

/** The provider could not be reached (connection refused or reset, timeout) after the configured retries. */
public class ProviderConnectionException extends BackfillException {
  private final String provider;
  private final String url;

  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public ProviderConnectionException(String provider, String url, Throwable cause) {
    super("could not reach " + provider + " at " + url + ": " + describe(cause), cause);
    this.provider = provider;
    this.url = url;
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  public String provider() {
    return provider;
  }

  public String url() {
    return url;
  }
}
