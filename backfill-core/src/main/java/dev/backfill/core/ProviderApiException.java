package dev.backfill.core;

/** The provider answered with an error status that is not retried (or kept failing after retries). */
public class ProviderApiException extends BackfillException {
  private final String provider;
  private final int status;
  private final String url;

  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public ProviderApiException(String provider, int status, String url, String detail) {
    super(provider + " answered HTTP " + status + " for " + url + (detail.isEmpty() ? "" : ": " + detail));
    this.provider = provider;
    this.status = status;
    this.url = url;
  }

  public String provider() {
    return provider;
  }

  /** The HTTP status of the provider's last answer. */
  public int status() {
    return status;
  }

  /** The request URL without credentials or query secrets. */
  public String url() {
    return url;
  }
}
