package dev.backfill.core.sink;

import java.util.Collection;
import java.util.Set;

/**
 * The memory of a {@link DedupSink}: every delivery id already delivered in each scope (a tenant:
 * the connection by default), kept without expiry so a re-run weeks later still delivers no
 * duplicate. The same id in two scopes is two deliveries. Implementations must be thread-safe.
 */
public interface SeenDeliveryIds {
  /** Which of {@code deliveryIds} were delivered in {@code scope} before. */
  Set<String> seenAmong(String scope, Collection<String> deliveryIds);

  /** Remembers {@code deliveryIds} as delivered in {@code scope}. */
  void markSeen(String scope, Collection<String> deliveryIds);
}
