package dev.backfill.core;

/** Where a run, or one (resource, entity type) of it, stands. */
public enum BackfillStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  /** Stopped by {@code cancel()} or a run timeout; checkpoints keep the last good page. Never reported as FAILED. */
  CANCELLED;

  /** Whether nothing more will happen without a new run. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
