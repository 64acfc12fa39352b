package dev.backfill.bench;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.spi.CredentialProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Runner overhead: one run of 1,000,000 synthetic events (10,000 pages of 100) through an
 * in-memory connector, checkpoint store and counting sink. Events per second = 1,000,000 / score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "-XX:ActiveProcessorCount=1"})
public class RunnerBenchmark {
  static final long PAGES = 10_000;
  static final int PAGE_SIZE = 100;

  /** Runs one million events through the runner; fails loudly if any went missing. */
  @Benchmark
  public long millionEvents() {
    return runOnce();
  }

  static long runOnce() {
    CountingSink sink = new CountingSink();
    BackfillResult result = Backfill.builder()
        .connectors(Connectors.of(new SyntheticConnector(PAGES, PAGE_SIZE)))
        .build()
        .run(BackfillRequest.builder()
            .provider("synthetic")
            .connectionId("bench")
            .credentials(CredentialProvider.staticToken("unused"))
            .build(), sink);
    if (result.status() != BackfillStatus.COMPLETED || sink.events.get() != PAGES * PAGE_SIZE) {
      throw new IllegalStateException("benchmark run ended " + result.status() + " with " + sink.events.get() + " events");
    }
    return sink.events.get();
  }
}
