package dev.backfill.bench;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.sink.InMemorySink;
import java.util.Set;
import java.util.stream.Collectors;

/** One backfill timed from its start to its result; the check of what it delivered comes after the clock stops. */
final class TimedRun {
  final BackfillResult result;
  final double seconds;

  private TimedRun(BackfillResult result, double seconds) {
    this.result = result;
    this.seconds = seconds;
  }

  /** Runs {@code request}; fails unless it completes with exactly {@code expected}'s source ids. */
  static TimedRun of(Backfill backfill, BackfillRequest request, Set<String> expected) {
    InMemorySink sink = new InMemorySink();
    long start = System.nanoTime();
    BackfillResult result = backfill.run(request, sink);
    double seconds = (System.nanoTime() - start) / 1e9;
    Set<String> delivered = sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
    if (result.status() != BackfillStatus.COMPLETED || !delivered.equals(expected)) {
      throw new IllegalStateException("the figures run " + request.provider() + " " + request.connectionId() + " ended "
          + result.status() + (delivered.equals(expected) ? "" : " without the exact expected set") + ": " + result);
    }
    return new TimedRun(result, seconds);
  }
}
