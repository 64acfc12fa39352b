package dev.backfill.core.sink;

import dev.backfill.core.SourceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventSink} that passes on only events whose {@code deliveryId} it has not delivered
 * before, remembering them in a {@link SeenDeliveryIds} store. Ids are recorded after the delegate
 * accepted the batch, so a crash in between re-delivers (at least once), never loses. Batches that
 * share no delivery id go through side by side (works and parts of a run deliver at once); a
 * batch waits only for the batches in flight that hold one of its ids, so an id is delivered once.
 */
public final class DedupSink implements EventSink {
  private final EventSink delegate;
  private final SeenDeliveryIds seen;
  private final AtomicLong duplicatesDropped = new AtomicLong();
  /** Delivery ids of the batches going through now; guarded by itself. */
  private final Set<String> inFlight = new HashSet<>();

  public DedupSink(EventSink delegate, SeenDeliveryIds seen) {
    this.delegate = delegate;
    this.seen = seen;
  }

  @Override
  public void accept(EventBatch batch) {
    Set<String> ids = new HashSet<>(batch.events().size());
    for (SourceEvent event : batch.events()) {
      ids.add(event.deliveryId());
    }
    claim(ids);
    try {
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
    } finally {
      release(ids);
    }
  }

  /** How many events were dropped as duplicates since this sink was created. */
  public long duplicatesDropped() {
    return duplicatesDropped.get();
  }

  /** Waits until no batch in flight holds one of {@code ids}, then holds them all. */
  private void claim(Set<String> ids) {
    synchronized (inFlight) {
      boolean interrupted = false;
      while (!Collections.disjoint(inFlight, ids)) {
        try {
          inFlight.wait();
        } catch (InterruptedException again) {
          interrupted = true;
        }
      }
      inFlight.addAll(ids);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void release(Set<String> ids) {
    synchronized (inFlight) {
      inFlight.removeAll(ids);
      inFlight.notifyAll();
    }
  }
}
