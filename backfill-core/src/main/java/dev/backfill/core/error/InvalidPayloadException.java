package dev.backfill.core.error;

/**
 * A webhook payload or list item lacks what its transformer needs (a number, a state, a
 * repository). A backfill reports the item as skipped with this message; a host receiving a
 * webhook can reject the delivery.
 */
public class InvalidPayloadException extends BackfillException {
  /** An error saying what is missing or malformed. */
  public InvalidPayloadException(String message) {
    super(message);
  }
}
