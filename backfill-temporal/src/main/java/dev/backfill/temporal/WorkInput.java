package dev.backfill.temporal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import java.util.Optional;
import org.immutables.value.Value;

/** The input of one (resource, entity type) child workflow; after a continue-as-new it carries the checkpoint. */
@Value.Immutable
@JsonSerialize(as = ImmutableWorkInput.class)
@JsonDeserialize(as = ImmutableWorkInput.class)
public interface WorkInput {
  /** The run the work belongs to. */
  TemporalBackfillInput run();

  /** The resource to fetch. */
  Resource resource();

  /** The entity type to fetch. */
  String entityType();

  /** The run's window; a work resumed from a stored checkpoint keeps that checkpoint's window. */
  Window window();

  /** Where the previous run of this workflow stopped, after a continue-as-new. */
  Optional<Checkpoint> checkpoint();

  /** The checkpoint key of this (resource, entity type). */
  default CheckpointKey key() {
    return CheckpointKey.of(run().provider(), run().connectionId(), resource().id(), entityType());
  }

  /** Starts an input. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WorkInput}. */
  final class Builder extends ImmutableWorkInput.Builder {}
}
