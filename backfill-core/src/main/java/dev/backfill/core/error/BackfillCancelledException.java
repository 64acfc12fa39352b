package dev.backfill.core.error;

/** Work stopped because its run was cancelled or timed out; checkpoints keep the last good page. */
public class BackfillCancelledException extends BackfillException {
  /** An error saying what was stopped. */
  public BackfillCancelledException(String message) {
    super(message);
  }
}
