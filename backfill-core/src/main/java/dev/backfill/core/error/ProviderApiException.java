package dev.backfill.core.error;

/**
 * The provider answered with an error status that is not retried (or kept failing after retries).
 * Retryable for a 5xx, 408 or 429; a 4xx says the request itself is wrong.
 */
public class ProviderApiException extends ProviderException {
  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public ProviderApiException(String provider, int status, String url, String detail) {
    super(provider, url, status, provider + " answered HTTP " + status + " for " + url + (detail.isEmpty() ? "" : ": " + detail), null);
  }

  @Override
  public boolean retryable() {
    int status = status().orElse(0);
    return status >= 500 || status == 408 || status == 429;
  }
}
