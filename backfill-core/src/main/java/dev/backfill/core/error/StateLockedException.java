package dev.backfill.core.error;

/**
 * Another run holds the lock of a checkpoint directory. Two runs on one state would each fetch
 * every page and deliver every event: wait for the other run to end, or give this one its own
 * state.
 */
public class StateLockedException extends BackfillException {
  private final String location;

  /**
   * @param location the directory whose lock is held
   * @param holder what the lock file says about its holder, such as its process id; may be empty
   */
  public StateLockedException(String location, String holder) {
    super("another backfill run is using the state at " + location + (holder.isEmpty() ? "" : " (" + holder + ")")
        + "; wait for it to end or use another state");
    this.location = location;
  }

  /** Retryable: the other run ends, and its lock with it. */
  @Override
  public boolean retryable() {
    return true;
  }

  /** The directory whose lock is held. */
  public String location() {
    return location;
  }
}
