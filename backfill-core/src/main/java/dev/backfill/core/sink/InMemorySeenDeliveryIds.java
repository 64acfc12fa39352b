package dev.backfill.core.sink;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** {@link SeenDeliveryIds} in memory; forgets everything when the JVM ends. */
public final class InMemorySeenDeliveryIds implements SeenDeliveryIds {
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  @Override
  public Set<String> seenAmong(Collection<String> deliveryIds) {
    return deliveryIds.stream().filter(seen::contains).collect(Collectors.toSet());
  }

  @Override
  public void markSeen(Collection<String> deliveryIds) {
    seen.addAll(deliveryIds);
  }
}
