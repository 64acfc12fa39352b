package dev.backfill.core.state;

import java.util.List;
import java.util.Optional;

/**
 * Keeps checkpoints between runs. Implementations must be thread-safe; the runner saves from
 * several workers at once, never two for the same key.
 */
public interface CheckpointStore {
  /**
   * The checkpoint for {@code key}, or empty when the work never started.
   *
   * @throws dev.backfill.core.error.CheckpointCorruptedException when a stored checkpoint cannot be read
   */
  Optional<Checkpoint> load(CheckpointKey key);

  /** Stores {@code checkpoint}, replacing the one with the same key. Durable when this returns. */
  void save(Checkpoint checkpoint);

  /** Every stored checkpoint, for status displays. */
  List<Checkpoint> list();

  /** Forgets the checkpoint of {@code key}, so the next run starts that work over. */
  void delete(CheckpointKey key);
}
