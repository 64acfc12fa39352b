package dev.backfill.core.sink;

import java.util.Collection;
import java.util.Set;

/**
 * The memory of a {@link DedupSink}: every delivery id already delivered, kept without expiry so a
 * re-run weeks later still delivers no duplicate. Implementations must be thread-safe.
 */
public interface SeenDeliveryIds {
  /** Which of {@code deliveryIds} were delivered before. */
  Set<String> seenAmong(Collection<String> deliveryIds);

  /** Remembers {@code deliveryIds} as delivered. */
  void markSeen(Collection<String> deliveryIds);
}
