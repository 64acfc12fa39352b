package dev.backfill.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link CheckpointStore} in memory, for tests and short-lived hosts; lost when the JVM ends. */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final ConcurrentMap<CheckpointKey, Checkpoint> checkpoints = new ConcurrentHashMap<>();

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
}
