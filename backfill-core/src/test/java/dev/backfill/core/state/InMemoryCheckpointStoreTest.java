package dev.backfill.core.state;

class InMemoryCheckpointStoreTest extends CheckpointStoreContract {
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

  @Override
  CheckpointStore store() {
    return store;
  }
}
