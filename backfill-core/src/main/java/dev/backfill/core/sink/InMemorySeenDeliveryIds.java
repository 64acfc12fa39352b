package dev.backfill.core.sink;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** {@link SeenDeliveryIds} in memory; forgets everything when the JVM ends. */
public final class InMemorySeenDeliveryIds implements SeenDeliveryIds {
  private final Map<String, Set<String>> seenByScope = new ConcurrentHashMap<>();

  @Override
  public Set<String> seenAmong(String scope, Collection<String> deliveryIds) {
    Set<String> seen = seenByScope.getOrDefault(scope, Set.of());
    return deliveryIds.stream().filter(seen::contains).collect(Collectors.toSet());
  }

  @Override
  public void markSeen(String scope, Collection<String> deliveryIds) {
    seenByScope.computeIfAbsent(scope, ignored -> ConcurrentHashMap.newKeySet()).addAll(deliveryIds);
  }
}
