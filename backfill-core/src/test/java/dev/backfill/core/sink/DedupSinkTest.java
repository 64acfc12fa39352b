package dev.backfill.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.UrlDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DedupSinkTest {
  @Test
  void dropsIdsSeenInEarlierBatchesAndWithinABatch() {
    InMemorySink target = new InMemorySink();
    DedupSink sink = new DedupSink(target, new InMemorySeenDeliveryIds());

    sink.accept(Events.batch(1, "a", "b"));
    sink.accept(Events.batch(2, "b", "c", "c"));
    sink.accept(Events.batch(3, "a"));

    assertThat(Events.sourceIds(target.events())).containsExactly("a", "b", "c");
    assertThat(sink.duplicatesDropped()).isEqualTo(3);
    assertThat(target.batches()).isEqualTo(2);
  }

  @Test
  void aBatchTheDelegateRefusedIsNotRememberedAndIsDeliveredOnRetry() {
    InMemorySink target = new InMemorySink();
    List<Boolean> fail = new ArrayList<>(List.of(true));
    DedupSink sink = new DedupSink(batch -> {
      if (fail.remove(0)) {
        throw new IllegalStateException("host queue unavailable");
      }
      target.accept(batch);
    }, new InMemorySeenDeliveryIds());
    fail.add(false);

    assertThatThrownBy(() -> sink.accept(Events.batch(1, "a"))).hasMessageContaining("host queue unavailable");
    sink.accept(Events.batch(1, "a"));

    assertThat(Events.sourceIds(target.events())).containsExactly("a");
  }

  @Test
  void jdbcMemoryOutlivesTheSinkSoALaterRerunDeliversNoDuplicate() {
    UrlDataSource database = new UrlDataSource("jdbc:h2:mem:seen-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    InMemorySink firstRun = new InMemorySink();
    new DedupSink(firstRun, new JdbcSeenDeliveryIds(database)).accept(Events.batch(1, "a", "b"));

    InMemorySink weekLater = new InMemorySink();
    DedupSink rerun = new DedupSink(weekLater, new JdbcSeenDeliveryIds(database));
    rerun.accept(Events.batch(1, "a", "b", "c"));

    assertThat(Events.sourceIds(firstRun.events())).containsExactly("a", "b");
    assertThat(Events.sourceIds(weekLater.events())).containsExactly("c");
  }

  @Test
  void jdbcLooksUpMoreIdsThanOneInClauseHolds() {
    JdbcSeenDeliveryIds seen = new JdbcSeenDeliveryIds(new UrlDataSource("jdbc:h2:mem:many-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
    List<String> ids = IntStream.range(0, 1_234).mapToObj(i -> "backfill:id-" + i).collect(Collectors.toList());

    seen.markSeen(ids.subList(0, 1_000));
    seen.markSeen(ids.subList(900, 1_100));

    assertThat(seen.seenAmong(ids)).hasSize(1_100).contains("backfill:id-0", "backfill:id-1099").doesNotContain("backfill:id-1100");
  }
}
