package dev.backfill.testkit;

import dev.backfill.core.spi.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A provider's fake as suites and tools that cover every installed connector use it (the demo,
 * the reliability suite): start it with generated history, point a connection at it, and know
 * what a backfill of it must emit. Implementations are found with {@link ServiceLoader}, listed in
 * {@code META-INF/services/dev.backfill.testkit.FakeConnection}; the testkit registers the four
 * built-in providers' fakes.
 */
public interface FakeConnection {
  /** The provider id the fake stands in for. */
  String provider();

  /** The entity types a full backfill of the fake covers. */
  List<String> entityTypes();

  /**
   * Starts a fake with about {@code size} items of each entity type per resource, spread over the
   * 60 days before {@code now}, with {@code conditions} (faults, budget, latency) applied to its
   * builder.
   */
  FakeProvider start(long seed, Instant now, int size, Consumer<FakeProvider.Builder<?>> conditions);

  /** Settings that point a connection at {@code fake}, with pages of about {@code pageSize} items and a rate-limit reserve of one. */
  Map<String, String> settings(FakeProvider fake, int pageSize);

  /** The sourceIds a backfill of {@code entityTypes} over {@code range} emits. */
  Set<String> expectedSourceIds(FakeProvider fake, Window range, List<String> entityTypes);

  /** Every fake connection on the class path, by provider id. */
  static List<FakeConnection> load() {
    List<FakeConnection> found = new ArrayList<>();
    ServiceLoader.load(FakeConnection.class).forEach(found::add);
    found.sort(Comparator.comparing(FakeConnection::provider));
    return found;
  }
}
