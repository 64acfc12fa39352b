package dev.backfill.temporal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.WorkCounts;
import java.util.Optional;
import org.immutables.value.Value;

/** The outcome of one (resource, entity type), with the same fields as the core runner's result. */
@Value.Immutable
@JsonSerialize(as = ImmutableWorkOutcome.class)
@JsonDeserialize(as = ImmutableWorkOutcome.class)
public interface WorkOutcome {
  /** The work. */
  CheckpointKey key();

  /** RUNNING while in progress; then COMPLETED, FAILED or CANCELLED. */
  BackfillStatus status();

  /** The range the work covered. */
  Window window();

  /** Counts summed over every run of this work. */
  WorkCounts counts();

  /** Why the work failed: the error's type and message. */
  Optional<String> error();

  /** Starts an outcome. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WorkOutcome}. */
  final class Builder extends ImmutableWorkOutcome.Builder {}
}
