package dev.backfill.core.error;

import java.util.Optional;

/**
 * The root of every error the SDK raises, so a host can catch one type. Messages name the
 * provider, the URL (without credentials or query secrets) and the cause; never a credential.
 * {@link #retryable()} says whether to try again as is; the core runner and the Temporal adapter
 * decide from it alone.
 */
public class BackfillException extends RuntimeException {
  /** An error with a message that holds no secret. */
  public BackfillException(String message) {
    super(message);
  }

  /** An error with a message that holds no secret, for {@code cause}. */
  public BackfillException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the same call may succeed later without anyone changing anything (a 5xx, a lost
   * connection, a spent rate limit); false for errors that need a person or a code change (a
   * refused credential, a malformed page, a bug). False unless a subtype says otherwise.
   */
  public boolean retryable() {
    return false;
  }

  /** The provider the error is about, when it is about one. */
  public Optional<String> provider() {
    return Optional.empty();
  }
}
