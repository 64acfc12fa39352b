package dev.backfill.core.error;

/**
 * A provider response body could not be used: it did not parse (often a truncated transfer), was
 * larger than the configured cap, or lacked a field the connector needs. Parse failures are
 * retried like a 5xx before this is raised, so it is not retryable.
 */
public class MalformedResponseException extends ProviderException {
  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public MalformedResponseException(String provider, String url, String detail, Throwable cause) {
    super(provider, url, 0, "malformed response from " + provider + " for " + url + ": " + detail, cause);
  }
}
