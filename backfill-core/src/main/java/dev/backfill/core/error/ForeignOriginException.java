package dev.backfill.core.error;

/**
 * A connector was about to request a URL outside the provider's API origin, typically a next-page
 * link a response pointed elsewhere. The URL is never fetched: its answer could not be trusted as
 * the resource's data. Not retryable; the checkpoint stays at the last good page.
 */
public class ForeignOriginException extends ProviderException {
  /**
   * @param url the refused URL, already stripped of credentials and query secrets
   * @param apiOrigin the origin the connection's requests are confined to
   */
  public ForeignOriginException(String provider, String url, String apiOrigin) {
    super(provider, url, 0, provider + ": refusing to request " + url + ", which is outside the API origin " + apiOrigin, null);
  }
}
