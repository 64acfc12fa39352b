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

  /**
   * Stores {@code checkpoint}, replacing the one with the same key. Durable when this returns.
   *
   * @throws dev.backfill.core.error.StateLockedException when this store's claim on the key was
   *     taken over by another run, which then owns the checkpoint
   */
  void save(Checkpoint checkpoint);

  /** Every stored checkpoint, for status displays. */
  List<Checkpoint> list();

  /** Forgets the checkpoint of {@code key}, so the next run starts that work over. */
  void delete(CheckpointKey key);

  /**
   * Claims the work of {@code key} for one run until the claim is closed, so that two runs (two
   * processes started for one connection by mistake, say) never fetch and deliver it side by side.
   * The runner claims each work before it begins it. The default claims nothing, which is right
   * for a store only one runner in one process uses; a store that processes share overrides it.
   *
   * @throws dev.backfill.core.error.StateLockedException when another run, live, holds the claim
   */
  default Claim claim(CheckpointKey key) {
    return () -> { };
  }

  /** A work claimed by one run; closing it lets the next run claim the work. */
  @FunctionalInterface
  interface Claim extends AutoCloseable {
    @Override
    void close();
  }
}
