package dev.backfill.core;

/**
 * The root of every error the SDK raises, so a host can catch one type. Messages name the
 * provider, the URL (without credentials or query secrets) and the cause; never a credential.
 */
public class BackfillException extends RuntimeException {
  public BackfillException(String message) {
    super(message);
  }

  public BackfillException(String message, Throwable cause) {
    super(message, cause);
  }
}
