package dev.backfill.core.run;

import dev.backfill.core.spi.PageEstimate;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The estimated pages of one (resource, entity type) over the ranges it still has to fetch; empty
 * when the provider gives no count, zero when it has covered the requested range already.
 */
@Value.Immutable
public interface WorkEstimate {
  /** The work estimated. */
  CheckpointKey key();

  /** The pages the work will take, when the connector can tell cheaply. */
  Optional<PageEstimate> pages();

  /** The ranges a run would fetch: the segment in progress, then the parts not covered yet. */
  List<Window> ranges();

  /** Starts an estimate. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WorkEstimate}. */
  final class Builder extends ImmutableWorkEstimate.Builder {}
}
