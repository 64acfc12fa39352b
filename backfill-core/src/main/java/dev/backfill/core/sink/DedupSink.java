package dev.backfill.core.sink;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.state.CheckpointKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An {@link EventSink} that passes on only events whose {@code deliveryId} it has not delivered
 * before in the batch's scope, remembering them in a {@link SeenDeliveryIds} store. The scope is
 * the tenant a host dedups for: the batch's connection id unless the host maps the work's key to
 * its own tenant key (a workspace, say), so two connections of one repository each get every
 * event. Ids are recorded after the delegate accepted the batch, so a crash in between re-delivers
 * (at least once), never loses. Batches that share no (scope, delivery id) go through side by side
 * (works and parts of a run deliver at once); a batch waits only for the batches in flight that
 * hold one of its ids, so an id is delivered once per scope.
 */
public final class DedupSink implements EventSink {
  /** The longest scope a ledger keeps. */
  public static final int MAX_SCOPE_LENGTH = 191;

  private final EventSink delegate;
  private final SeenDeliveryIds seen;
  private final Function<CheckpointKey, String> scopeOf;
  private final AtomicLong duplicatesDropped = new AtomicLong();
  /** (scope, delivery id) of the batches going through now; guarded by itself. */
  private final Set<List<String>> inFlight = new HashSet<>();

  /** Dedups per connection: the scope of a batch is its key's connection id. */
  public DedupSink(EventSink delegate, SeenDeliveryIds seen) {
    this(delegate, seen, CheckpointKey::connectionId);
  }

  /**
   * @param scopeOf the tenant a batch of the given work is deduplicated in; a non-empty string of
   *     at most {@value #MAX_SCOPE_LENGTH} characters
   */
  public DedupSink(EventSink delegate, SeenDeliveryIds seen, Function<CheckpointKey, String> scopeOf) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.seen = Objects.requireNonNull(seen, "seen");
    this.scopeOf = Objects.requireNonNull(scopeOf, "scopeOf");
  }

  @Override
  public void accept(EventBatch batch) {
    String scope = scopeOf.apply(batch.key());
    if (scope == null || scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH) {
      throw new IllegalArgumentException("the dedup scope of " + batch.key() + " must be 1 to " + MAX_SCOPE_LENGTH
          + " characters, got " + (scope == null ? "null" : scope.length() + " characters"));
    }
    Set<String> ids = new HashSet<>(batch.events().size());
    for (SourceEvent event : batch.events()) {
      ids.add(event.deliveryId());
    }
    Set<List<String>> claimed = new HashSet<>(ids.size());
    for (String id : ids) {
      claimed.add(List.of(scope, id));
    }
    claim(claimed);
    try {
      Set<String> already = seen.seenAmong(scope, ids);
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
      seen.markSeen(scope, kept);
    } finally {
      release(claimed);
    }
  }

  /** How many events were dropped as duplicates since this sink was created. */
  public long duplicatesDropped() {
    return duplicatesDropped.get();
  }

  /** Waits until no batch in flight holds one of {@code ids}, then holds them all. */
  private void claim(Set<List<String>> ids) {
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

  private void release(Set<List<String>> ids) {
    synchronized (inFlight) {
      inFlight.removeAll(ids);
      inFlight.notifyAll();
    }
  }
}
