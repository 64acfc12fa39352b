package dev.backfill.bench;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.vercel.VercelConnector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Prints the peak heap of an end-to-end backfill of 100,000 Vercel deployments (4 projects, depth
 * 90) into a sink that counts and keeps nothing. The fake runs in a JVM of its own ({@link
 * FakeVercelServerMain}), so the figure is the SDK's alone; run this with a small {@code -Xmx} to
 * check the backfill fits in it.
 */
public final class HeapFigures {
  private HeapFigures() {}

  public static void main(String[] args) throws Exception {
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        FakeVercelServerMain.class.getName(), "100000").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String ready = lines.readLine();
      if (ready == null || !ready.startsWith("ready ")) {
        throw new IllegalStateException("the fake did not start: " + ready);
      }
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      CountingSink sink = new CountingSink();
      long start = System.nanoTime();
      BackfillResult result = Backfill.builder()
          .connectors(Connectors.of(new VercelConnector()))
          .clock(Clock.fixed(FakeVercelServerMain.NOW, ZoneOffset.UTC))
          .build()
          .run(BackfillRequest.builder()
              .provider("vercel")
              .connectionId("heap")
              .credentials(CredentialProvider.staticToken("heap-token"))
              .putSettings(VercelConnector.BASE_URL.key(), ready.substring("ready ".length()))
              .putSettings(VercelConnector.REQUESTS_PER_MINUTE.key(), "100000")
              .depth(Depth.DAYS_90)
              .build(), sink);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("status %s, %,d events in %.1f s, %d requests%n", result.status(), sink.events.get(), seconds, result.runTotals().requests());
      System.out.printf("peak heap of the backfilling JVM: %.1f MB of max %.1f MB%n", peak() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
      if (result.status() != BackfillStatus.COMPLETED) {
        throw new IllegalStateException("the heap figures run did not complete");
      }
    } finally {
      server.getOutputStream().close();
      server.waitFor();
    }
  }

  private static long peak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
