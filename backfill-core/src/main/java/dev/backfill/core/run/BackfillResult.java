package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.WorkCounts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The outcome of a run: its status and one {@link WorkResult} per (resource, entity type). */
@Value.Immutable
public interface BackfillResult {
  /** The provider's id. */
  String provider();

  /** The host's id of the connection. */
  String connectionId();

  /** COMPLETED when every work completed; CANCELLED when cancelled or timed out; otherwise FAILED. */
  BackfillStatus status();

  /** The range this run requested, fixed when it started; each work fetched only the parts it had not covered ({@link WorkResult#fetched()}). */
  Window window();

  /** The result of each (resource, entity type), in the order they were planned. */
  List<WorkResult> works();

  /** A failure of the run itself, such as listing the connection's resources. */
  Optional<BackfillException> error();

  /** When the run started. */
  Instant startedAt();

  /** When the run ended. */
  Instant finishedAt();

  /** Requests, retries, waits and refreshes spent listing the connection's resources. */
  @Value.Default
  default WorkCounts resourceListing() {
    return WorkCounts.zero();
  }

  /** What this run did: its works' {@link WorkResult#runCounts()} and the resource listing added up. */
  @Value.Derived
  default WorkCounts runTotals() {
    WorkCounts totals = resourceListing();
    for (WorkResult work : works()) {
      totals = totals.plus(work.runCounts());
    }
    return totals;
  }

  /**
   * Every run of these works added up: their {@link WorkResult#cumulativeCounts()} and this run's
   * resource listing.
   */
  @Value.Derived
  default WorkCounts cumulativeTotals() {
    WorkCounts totals = resourceListing();
    for (WorkResult work : works()) {
      totals = totals.plus(work.cumulativeCounts());
    }
    return totals;
  }

  /** Starts a result. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BackfillResult}. */
  final class Builder extends ImmutableBackfillResult.Builder {}
}
