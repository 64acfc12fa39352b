package dev.backfill.core.http;

/** Tells whether a provider response means the credential was refused, which triggers the refresh path. */
@FunctionalInterface
public interface UnauthorizedResponse {
  /**
   * @param body the start of the response body as text (up to 64 KB)
   */
  boolean matches(int status, String body);
}
