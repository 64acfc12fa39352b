package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import java.time.Duration;
import java.util.Optional;

/** A started run: wait for it, look at it, or cancel it. Thread-safe. */
public interface BackfillHandle {
  /** PENDING, RUNNING, or the final status once done. */
  BackfillStatus status();

  /**
   * Asks the run to stop: fetches in flight are abandoned, pages already delivered keep their
   * checkpoints, and the run ends CANCELLED. Returns at once; {@link #await()} waits for the end.
   */
  void cancel();

  /**
   * Waits for the run to end and returns its result.
   *
   * @throws dev.backfill.core.error.BackfillCancelledException when the waiting thread is interrupted
   */
  BackfillResult await();

  /** Waits at most {@code timeout}; empty when the run has not ended by then. */
  Optional<BackfillResult> await(Duration timeout);
}
