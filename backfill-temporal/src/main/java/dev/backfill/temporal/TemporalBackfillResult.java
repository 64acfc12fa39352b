package dev.backfill.temporal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.WorkCounts;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The outcome of a backfill workflow: COMPLETED, FAILED or CANCELLED, and one {@link WorkOutcome} per (resource, entity type). */
@Value.Immutable
@JsonSerialize(as = ImmutableTemporalBackfillResult.class)
@JsonDeserialize(as = ImmutableTemporalBackfillResult.class)
public interface TemporalBackfillResult {
  /** The provider's id. */
  String provider();

  /** The host's id of the connection. */
  String connectionId();

  /** How the run ended. */
  BackfillStatus status();

  /** The range the run requested, fixed when it was planned; absent when planning failed. Each work fetched only what it had not covered. */
  Optional<Window> window();

  /** The outcome of each work. */
  List<WorkOutcome> works();

  /** A failure of the run itself, such as listing the connection's resources. */
  Optional<String> error();

  /** The counts of all works added up. */
  default WorkCounts totals() {
    WorkCounts totals = WorkCounts.zero();
    for (WorkOutcome work : works()) {
      totals = totals.plus(work.counts());
    }
    return totals;
  }

  /** Starts a result. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TemporalBackfillResult}. */
  final class Builder extends ImmutableTemporalBackfillResult.Builder {}
}
