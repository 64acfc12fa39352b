package dev.backfill.core;

/** Where a run, or one (resource, entity type) of it, stands. */
public enum BackfillStatus {
  /** Not started yet. */
  PENDING,
  /** Being fetched, or stopped by a crash while it was. */
  RUNNING,
  /** Everything in the range was fetched and delivered. */
  COMPLETED,
  /** Stopped by an error; its checkpoint keeps the last good page. */
  FAILED,
  /** Stopped by {@code cancel()} or a run timeout; checkpoints keep the last good page. Never reported as FAILED. */
  CANCELLED;

  /** Whether nothing more will happen without a new run. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
