package dev.backfill.core.sink;

import dev.backfill.core.SourceEvent;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that keeps every event in memory, for tests and demos. */
public final class InMemorySink implements EventSink {
  private final List<SourceEvent> events = new ArrayList<>();
  private long batches;

  @Override
  public synchronized void accept(EventBatch batch) {
    events.addAll(batch.events());
    batches++;
  }

  /** A copy of the events received so far, in arrival order. */
  public synchronized List<SourceEvent> events() {
    return new ArrayList<>(events);
  }

  /** How many batches were received. */
  public synchronized long batches() {
    return batches;
  }
}
