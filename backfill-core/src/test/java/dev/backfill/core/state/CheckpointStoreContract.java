package dev.backfill.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.BackfillJson;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.StateLockedException;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Window;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link CheckpointStore} shares; each implementation's test extends this. */
abstract class CheckpointStoreContract {
  static final CheckpointKey KEY = CheckpointKey.of("github", "conn-1", "acme/api", "pull_request");

  abstract CheckpointStore store();

  /** A store on the same storage as {@link #store()}, as another process would open it. */
  CheckpointStore sameStorageElsewhere() {
    return store();
  }

  static Checkpoint checkpoint(CheckpointKey key, long pages, String cursor) {
    Checkpoint.Builder builder = Checkpoint.builder()
        .key(key)
        .window(Window.of(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")))
        .status(BackfillStatus.RUNNING)
        .counts(WorkCounts.builder().pages(pages).events(pages * 100).requests(pages + 1).retries(2).build())
        .updatedAt(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(pages));
    if (cursor != null) {
      builder.cursor(PageCursor.of(cursor));
    }
    return builder.build();
  }

  @Test
  void unknownKeyHasNoCheckpoint() {
    assertThat(store().load(KEY)).isEmpty();
  }

  @Test
  void savedCheckpointLoadsBackEqual() {
    Checkpoint saved = checkpoint(KEY, 3, "https://api.github.com/repositories/1/pulls?page=4");

    store().save(saved);

    assertThat(store().load(KEY)).hasValue(saved);
  }

  @Test
  void aSplitCheckpointLoadsBackWithItsPartsAndTheirFirstItems() {
    Window window = checkpoint(KEY, 3, null).window();
    Checkpoint split = Checkpoint.builder().from(checkpoint(KEY, 3, null))
        .addParts(RangePart.of(window, PageCursor.of("https://api.github.com/repositories/1/issues?page=5")))
        .addParts(RangePart.closing(window, PageCursor.of("https://api.github.com/repositories/1/issues?per_page=1")))
        .putPartStarts("page=5", List.of("4711", "4710", "4708"))
        .build();

    store().save(split);

    assertThat(store().load(KEY)).hasValue(split);
  }

  @Test
  void saveReplacesAndKeysStaySeparate() {
    CheckpointKey issues = CheckpointKey.of("github", "conn-1", "acme/api", "issue");
    CheckpointKey otherConnection = CheckpointKey.of("github", "conn-2", "acme/api", "pull_request");
    store().save(checkpoint(KEY, 1, "c1"));
    store().save(checkpoint(issues, 5, null));
    store().save(checkpoint(otherConnection, 7, "x"));

    Checkpoint done = Checkpoint.builder().from(checkpoint(KEY, 2, null))
        .status(BackfillStatus.FAILED).lastError("provider answered HTTP 500").build();
    store().save(done);

    assertThat(store().load(KEY)).hasValue(done);
    assertThat(store().load(issues).orElseThrow().counts().pages()).isEqualTo(5);
    assertThat(store().list()).hasSize(3).contains(done);
  }

  @Test
  void deleteForgetsTheCheckpoint() {
    store().save(checkpoint(KEY, 1, "c1"));

    store().delete(KEY);

    assertThat(store().load(KEY)).isEmpty();
    assertThat(store().list()).isEmpty();
  }

  @Test
  void aClaimIsExclusiveUntilClosedAndOnlyForItsKey() {
    CheckpointKey issues = CheckpointKey.of("github", "conn-1", "acme/api", "issue");
    CheckpointStore.Claim held = store().claim(KEY);

    assertThatThrownBy(() -> sameStorageElsewhere().claim(KEY))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("another backfill run is using the state");
    sameStorageElsewhere().claim(issues).close();
    held.close();
    sameStorageElsewhere().claim(KEY).close();
  }

  @Test
  void aClaimedWorkSavesLoadsAndDeletesAsAnyOther() {
    try (CheckpointStore.Claim held = store().claim(KEY)) {
      assertThat(store().load(KEY)).isEmpty();
      assertThat(store().list()).isEmpty();
      store().save(checkpoint(KEY, 2, "c2"));
      assertThat(sameStorageElsewhere().load(KEY)).hasValue(checkpoint(KEY, 2, "c2"));
      store().delete(KEY);
      assertThat(store().load(KEY)).isEmpty();
      store().save(checkpoint(KEY, 3, "c3"));
    }
    assertThat(sameStorageElsewhere().list()).containsExactly(checkpoint(KEY, 3, "c3"));
  }

  @Test
  void keysWithAwkwardCharactersRoundTrip() {
    CheckpointKey awkward = CheckpointKey.of("sentry", "conn/../x", "org*/proj~1 ünï", "issue");

    store().save(checkpoint(awkward, 1, "0:100:0"));

    assertThat(store().load(awkward).orElseThrow().key()).isEqualTo(awkward);
    assertThat(store().load(KEY)).isEmpty();
  }

  @Test
  void checkpointJsonNeverCarriesACredentialField() throws Exception {
    String json = BackfillJson.newMapper().writeValueAsString(checkpoint(KEY, 1, "c"));

    assertThat(json).doesNotContainIgnoringCase("token").doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("credential\"");
  }
}
