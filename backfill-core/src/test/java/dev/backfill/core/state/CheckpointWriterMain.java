package dev.backfill.core.state;

import java.nio.file.Path;

/** Saves ever-newer checkpoints until killed; the crash test runs it in a separate JVM. */
public final class CheckpointWriterMain {
  private CheckpointWriterMain() {}

  public static void main(String[] args) {
    FileCheckpointStore store = new FileCheckpointStore(Path.of(args[0]));
    long pages = store.load(CheckpointStoreContract.KEY).map(c -> c.counts().pages()).orElse(0L);
    store.save(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, ++pages, "cursor-" + pages));
    System.out.print("started\n");
    System.out.flush();
    while (true) {
      pages++;
      store.save(CheckpointStoreContract.checkpoint(CheckpointStoreContract.KEY, pages, "cursor-" + pages));
    }
  }
}
