package dev.backfill.core.state;

import dev.backfill.core.error.StateLockedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link CheckpointStore} in memory, for tests and short-lived hosts; lost when the JVM ends. */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final ConcurrentMap<CheckpointKey, Checkpoint> checkpoints = new ConcurrentHashMap<>();
  private final Set<CheckpointKey> claimed = ConcurrentHashMap.newKeySet();

  @Override
  public Optional<Checkpoint> load(CheckpointKey key) {
    return Optional.ofNullable(checkpoints.get(key));
  }

  @Override
  public void save(Checkpoint checkpoint) {
    checkpoints.put(checkpoint.key(), checkpoint);
  }

  @Override
  public List<Checkpoint> list() {
    return new ArrayList<>(checkpoints.values());
  }

  @Override
  public void delete(CheckpointKey key) {
    checkpoints.remove(key);
  }

  /**
   * {@inheritDoc} Runs that share this store (several runners in one JVM) claim each work once.
   *
   * @throws StateLockedException while another run holds the claim
   */
  @Override
  public Claim claim(CheckpointKey key) {
    if (!claimed.add(key)) {
      throw new StateLockedException(key.toString(), "in this process");
    }
    return () -> claimed.remove(key);
  }
}
