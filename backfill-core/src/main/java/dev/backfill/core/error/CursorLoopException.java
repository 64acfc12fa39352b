package dev.backfill.core.error;

/**
 * A connector returned a next-page cursor it had already returned in this run, so following it
 * would loop forever. Points at a connector bug or a provider paging fault.
 */
public class CursorLoopException extends BackfillException {
  /** An error naming the work and the repeated cursor or overlapping parts. */
  public CursorLoopException(String message) {
    super(message);
  }
}
