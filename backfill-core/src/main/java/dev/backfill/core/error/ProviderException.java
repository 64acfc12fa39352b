package dev.backfill.core.error;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An error about a call to a provider: it names the provider and, where there was a request, its
 * URL without credentials or query secrets and the HTTP status of the last answer.
 */
public abstract class ProviderException extends BackfillException {
  private final String provider;
  private final String url;
  private final int status;

  /**
   * @param url the request URL, already stripped of credentials and query secrets; null when there was no request
   * @param status the HTTP status of the provider's last answer; 0 when there was none
   */
  protected ProviderException(String provider, String url, int status, String message, Throwable cause) {
    super(message, cause);
    this.provider = provider;
    this.url = url;
    this.status = status;
  }

  @Override
  public Optional<String> provider() {
    return Optional.of(provider);
  }

  /** The request URL without credentials or query secrets, when there was a request. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The HTTP status of the provider's last answer, when it answered. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
