package dev.backfill.core.run;

import dev.backfill.core.spi.PageEstimate;
import dev.backfill.core.state.CheckpointKey;
import java.util.Optional;
import org.immutables.value.Value;

/** The estimated pages of one (resource, entity type); empty when the provider gives no count. */
@Value.Immutable
public interface WorkEstimate {
  @Value.Parameter
  CheckpointKey key();

  @Value.Parameter
  Optional<PageEstimate> pages();

  static WorkEstimate of(CheckpointKey key, Optional<PageEstimate> pages) {
    return ImmutableWorkEstimate.of(key, pages);
  }
}
