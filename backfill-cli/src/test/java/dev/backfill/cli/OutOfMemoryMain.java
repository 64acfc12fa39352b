package dev.backfill.cli;

/**
 * Installs the command line's out-of-memory handling, then runs out of memory in a thread of its
 * own while a non-daemon thread would keep the JVM alive forever; the process must end by itself.
 */
public final class OutOfMemoryMain {
  private OutOfMemoryMain() {}

  public static void main(String[] args) throws Exception {
    BackfillCli.haltOnOutOfMemory();
    Thread keepsAlive = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException ignored) {
          // Keep the JVM alive, as a stuck worker would.
        }
      }
    }, "stuck-worker");
    keepsAlive.start();
    Thread hungry = new Thread(() -> {
      java.util.List<long[]> hoard = new java.util.ArrayList<>();
      while (true) {
        hoard.add(new long[1 << 20]);
      }
    }, "http-client-like");
    hungry.start();
    keepsAlive.join();
  }
}
