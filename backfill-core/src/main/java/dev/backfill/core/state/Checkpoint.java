package dev.backfill.core.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.Window;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How far the backfill of one (provider, connection, resource, entity type) got: its fixed window,
 * the cursor of the next page to fetch, counts and status. The runner saves it only after the sink
 * accepted a page, so a crash re-delivers at most the page in flight. A checkpoint never holds a
 * credential.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCheckpoint.class)
@JsonDeserialize(as = ImmutableCheckpoint.class)
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public interface Checkpoint {
  CheckpointKey key();

  /** The window fixed when this work first started; a resumed run keeps it. */
  Window window();

  /** The next page to fetch; absent before the first page and after the last. */
  Optional<PageCursor> cursor();

  BackfillStatus status();

  @Value.Default
  default WorkCounts counts() {
    return WorkCounts.zero();
  }

  /** The error that stopped the last run of this work, if it failed. */
  Optional<String> lastError();

  Instant updatedAt();

  static ImmutableCheckpoint.Builder builder() {
    return ImmutableCheckpoint.builder();
  }
}
