package dev.backfill.core.http;

/** How a credential goes into the {@code Authorization} header. */
public enum AuthScheme {
  /** {@code Authorization: Bearer <secret>}. */
  BEARER,
  /** {@code Authorization: <secret>}, as Linear expects personal API keys. */
  PLAIN;

  /** The {@code Authorization} header value for a secret. */
  public String headerValue(String secret) {
    return this == BEARER ? "Bearer " + secret : secret;
  }
}
