package dev.backfill.core.sink;

import dev.backfill.core.SourceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventSink} that passes on only events whose {@code deliveryId} it has not delivered
 * before, remembering them in a {@link SeenDeliveryIds} store. Ids are recorded after the delegate
 * accepted the batch, so a crash in between re-delivers (at least once), never loses. Batches are
 * handled one at a time.
 */
public final class DedupSink implements EventSink {
  private final EventSink delegate;
  private final SeenDeliveryIds seen;
  private final AtomicLong duplicatesDropped = new AtomicLong();

  public DedupSink(EventSink delegate, SeenDeliveryIds seen) {
    this.delegate = delegate;
    this.seen = seen;
  }

  @Override
  public synchronized void accept(EventBatch batch) {
    List<String> ids = new ArrayList<>(batch.events().size());
    for (SourceEvent event : batch.events()) {
      ids.add(event.deliveryId());
    }
    Set<String> already = seen.seenAmong(ids);
    Set<String> kept = new HashSet<>();
    List<SourceEvent> fresh = new ArrayList<>();
    for (SourceEvent event : batch.events()) {
      if (!already.contains(event.deliveryId()) && kept.add(event.deliveryId())) {
        fresh.add(event);
      }
    }
    duplicatesDropped.addAndGet(batch.events().size() - fresh.size());
    if (fresh.isEmpty()) {
      return;
    }
    delegate.accept(EventBatch.of(batch.key(), batch.pageNumber(), fresh));
    seen.markSeen(kept);
  }

  /** How many events were dropped as duplicates since this sink was created. */
  public long duplicatesDropped() {
    return duplicatesDropped.get();
  }
}
