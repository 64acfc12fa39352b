package dev.backfill.core.error;

/**
 * A checkpoint store, seen-id ledger, events file or the host's sink could not read or write:
 * a full disk, a lost database connection, a sink that refused a page. Retryable, since storage
 * usually comes back; the checkpoint stays at the last page that was delivered and saved.
 */
public class StorageException extends BackfillException {
  /** A store or sink failed for {@code cause}. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
