package dev.backfill.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Prints the runner's figures for the README: events per second over a 1,000,000-event run and
 * the peak heap it needed. Run it with {@code -Xmx64m -XX:ActiveProcessorCount=1} to check the
 * targets (at least 500,000 events/s on one core; completes within a 64 MB heap).
 */
public final class RunnerFigures {
  private RunnerFigures() {}

  public static void main(String[] args) {
    int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    for (int i = 0; i < warmups; i++) {
      RunnerBenchmark.runOnce();
    }
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    long events = RunnerBenchmark.runOnce();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("events: %,d%n", events);
    System.out.printf("elapsed: %.3f s%n", seconds);
    System.out.printf("throughput: %,.0f events/s%n", events / seconds);
    System.out.printf("peak heap (sum of pool peaks): %.1f MB of max %.1f MB%n",
        peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    System.out.printf("processors: %d%n", Runtime.getRuntime().availableProcessors());
  }
}
