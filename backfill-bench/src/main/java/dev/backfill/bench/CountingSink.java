package dev.backfill.bench;

import dev.backfill.core.sink.EventBatch;
import dev.backfill.core.sink.EventSink;
import java.util.concurrent.atomic.AtomicLong;

/** Counts events and keeps none, so memory reflects the runner alone. */
final class CountingSink implements EventSink {
  final AtomicLong events = new AtomicLong();

  @Override
  public void accept(EventBatch batch) {
    events.addAndGet(batch.events().size());
  }
}
