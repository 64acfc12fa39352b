package dev.backfill.core.run;

import dev.backfill.core.spi.PageEstimate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * What a run would take before it starts: pages per (resource, entity type) as the provider
 * counts them, their sum, and whether that fits the remaining rate budget, so a host can say
 * "about 60 requests, fits the remaining quota".
 */
@Value.Immutable
public interface BackfillEstimate {
  /** The estimate of each work still to fetch. */
  List<WorkEstimate> works();

  /** Requests the estimate itself used (listing resources and one per work). */
  long requestsUsed();

  /** The budget the provider announced during the estimate, if it did. */
  OptionalLong remainingBudget();

  /** When the provider refills the budget, if it said. */
  Optional<Instant> budgetResetsAt();

  /** Requests the connector keeps in reserve. */
  long reserve();

  /** The sum of the estimated pages (one request each) over the works that have an estimate. */
  @Value.Derived
  default long estimatedRequests() {
    return works().stream().map(WorkEstimate::pages).flatMap(Optional::stream).mapToLong(PageEstimate::pages).sum();
  }

  /** How many works have no estimate. */
  @Value.Derived
  default long worksWithoutEstimate() {
    return works().stream().filter(work -> work.pages().isEmpty()).count();
  }

  /**
   * Whether the estimated requests fit the remaining budget above the reserve; empty when a work
   * has no estimate or the provider announced no budget.
   */
  @Value.Derived
  default Optional<Boolean> fitsRemainingBudget() {
    if (worksWithoutEstimate() > 0 || remainingBudget().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(estimatedRequests() + reserve() <= remainingBudget().getAsLong());
  }

  /** Starts an estimate. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BackfillEstimate}. */
  final class Builder extends ImmutableBackfillEstimate.Builder {}
}
