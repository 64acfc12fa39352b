package dev.backfill.core;

/**
 * A provider response body could not be used: it did not parse (often a truncated transfer), was
 * larger than the configured cap, or lacked a field the connector needs. Parse failures are
 * retried like a 5xx before this is raised.
 */
public class MalformedResponseException extends BackfillException {
  private final String provider;
  private final String url;

  /**
   * @param url the request URL, already stripped of credentials and query secrets
   */
  public MalformedResponseException(String provider, String url, String detail, Throwable cause) {
    super("malformed response from " + provider + " for " + url + ": " + detail, cause);
    this.provider = provider;
    this.url = url;
  }

  public String provider() {
    return provider;
  }

  public String url() {
    return url;
  }
}
