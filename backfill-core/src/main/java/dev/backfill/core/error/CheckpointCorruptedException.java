package dev.backfill.core.error;

/**
 * A stored checkpoint could not be read back. The store never replaces it with a fresh start:
 * fix or remove the named record, then run again.
 */
public class CheckpointCorruptedException extends BackfillException {
  private final String location;

  /**
   * @param location the file or table row that holds the unreadable checkpoint
   */
  public CheckpointCorruptedException(String location, Throwable cause) {
    super("checkpoint at " + location + " is corrupted and was left untouched: " + cause.getMessage(), cause);
    this.location = location;
  }

  /** The file or table row that holds the unreadable checkpoint. */
  public String location() {
    return location;
  }
}
