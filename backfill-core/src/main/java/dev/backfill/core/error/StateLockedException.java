package dev.backfill.core.error;

/**
 * Another run holds the claim on a work (see {@link dev.backfill.core.state.CheckpointStore#claim}),
 * or took it over from a run that stalled past its lease. Two runs on one work would each fetch
 * every page and deliver every event: wait for the other run to end, or give this one its own
 * state.
 */
public class StateLockedException extends BackfillException {
  private final String location;

  /**
   * @param location the lock file, table row or work that is claimed
   * @param holder what is known about the holder, such as its process id; may be empty
   */
  public StateLockedException(String location, String holder) {
    super("another backfill run is using the state at " + location + (holder.isEmpty() ? "" : " (" + holder + ")")
        + "; wait for it to end or use another state");
    this.location = location;
  }

  /** Retryable: the other run ends, and its claim with it. */
  @Override
  public boolean retryable() {
    return true;
  }

  /** The lock file, table row or work that is claimed. */
  public String location() {
    return location;
  }
}
