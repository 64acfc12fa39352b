package dev.backfill.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.UrlDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
  void batchesSharingNoIdGoThroughSideBySideAndOneSharingAnIdWaitsAndDropsIt() throws Exception {
    CountDownLatch firstInDelegate = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    InMemorySink target = new InMemorySink();
    DedupSink sink = new DedupSink(batch -> {
      if (batch.pageNumber() == 1) {
        firstInDelegate.countDown();
        awaitQuietly(releaseFirst);
      }
      target.accept(batch);
    }, new InMemorySeenDeliveryIds());
    Thread first = new Thread(() -> sink.accept(Events.batch(1, "a", "b")));
    first.start();
    assertThat(firstInDelegate.await(5, TimeUnit.SECONDS)).isTrue();

    Thread unrelated = new Thread(() -> sink.accept(Events.batch(2, "c")));
    unrelated.start();
    unrelated.join(5_000);
    Thread sharing = new Thread(() -> sink.accept(Events.batch(3, "b", "d")));
    sharing.start();
    sharing.join(300);

    assertThat(unrelated.isAlive()).as("a batch sharing no id with the one in flight does not wait for it").isFalse();
    assertThat(sharing.isAlive()).as("a batch sharing an id waits for the one in flight").isTrue();
    releaseFirst.countDown();
    first.join(5_000);
    sharing.join(5_000);
    assertThat(Events.sourceIds(target.events())).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(sink.duplicatesDropped()).isEqualTo(1);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
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

    seen.markSeen("conn-1", ids.subList(0, 1_000));
    seen.markSeen("conn-1", ids.subList(900, 1_100));

    assertThat(seen.seenAmong("conn-1", ids)).hasSize(1_100).contains("backfill:id-0", "backfill:id-1099").doesNotContain("backfill:id-1100");
  }
}
