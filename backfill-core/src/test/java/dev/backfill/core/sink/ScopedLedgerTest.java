package dev.backfill.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.state.CheckpointKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One ledger table shared by the connections of a host, on H2 and PostgreSQL, directly and behind a
 * pool with auto-commit off: each connection is a scope of its own unless the host maps works to
 * its own tenant key.
 */
class ScopedLedgerTest {
  private static final CheckpointKey FIRST_WORKSPACE = CheckpointKey.of("github", "workspace-1-conn", "acme/api", "issue");
  private static final CheckpointKey SECOND_WORKSPACE = CheckpointKey.of("github", "workspace-2-conn", "acme/api", "issue");

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void twoConnectionsOfOneRepositoryEachGetEveryEventOnce(DataSource dataSource) {
    InMemorySink first = new InMemorySink();
    InMemorySink second = new InMemorySink();
    DedupSink firstSink = new DedupSink(first, new JdbcSeenDeliveryIds(dataSource));
    DedupSink secondSink = new DedupSink(second, new JdbcSeenDeliveryIds(dataSource));

    firstSink.accept(batch(FIRST_WORKSPACE, "1", "2", "3"));
    secondSink.accept(batch(SECOND_WORKSPACE, "1", "2", "3"));
    firstSink.accept(batch(FIRST_WORKSPACE, "3", "4"));
    secondSink.accept(batch(SECOND_WORKSPACE, "2", "3", "4"));

    assertThat(Events.sourceIds(first.events())).containsExactly("1", "2", "3", "4");
    assertThat(Events.sourceIds(second.events())).containsExactly("1", "2", "3", "4");
    assertThat(firstSink.duplicatesDropped() + secondSink.duplicatesDropped()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("dev.backfill.core.state.JdbcStoresBehindAPoolTest#dataSources")
  void connectionsTheHostMapsToOneTenantShareOneScope(DataSource dataSource) {
    Map<String, String> tenantOf = Map.of("workspace-1-conn", "tenant-a", "workspace-2-conn", "tenant-a");
    InMemorySink delivered = new InMemorySink();
    DedupSink sink = new DedupSink(delivered, new JdbcSeenDeliveryIds(dataSource), key -> tenantOf.get(key.connectionId()));

    sink.accept(batch(FIRST_WORKSPACE, "1", "2"));
    sink.accept(batch(SECOND_WORKSPACE, "2", "3"));

    assertThat(Events.sourceIds(delivered.events())).containsExactly("1", "2", "3");
    assertThat(new JdbcSeenDeliveryIds(dataSource).seenAmong("tenant-a", List.of("backfill:1", "backfill:3")))
        .containsExactlyInAnyOrder("backfill:1", "backfill:3");
    assertThat(new JdbcSeenDeliveryIds(dataSource).seenAmong("workspace-1-conn", List.of("backfill:1"))).isEmpty();
  }

  private static EventBatch batch(CheckpointKey key, String... sourceIds) {
    List<SourceEvent> events = List.of(sourceIds).stream().map(Events::event).collect(Collectors.toList());
    return EventBatch.of(key, 1, events);
  }
}
