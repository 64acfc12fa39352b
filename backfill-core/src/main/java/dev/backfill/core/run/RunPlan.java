package dev.backfill.core.run;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import java.util.List;
import org.immutables.value.Value;

/** What a run covers: the connection's resources, the entity types, and the range it requests, fixed when planned. */
@Value.Immutable
@JsonSerialize(as = ImmutableRunPlan.class)
@JsonDeserialize(as = ImmutableRunPlan.class)
public interface RunPlan {
  /** The resources to fetch, in order. */
  List<Resource> resources();

  /** The entity types to fetch of each resource. */
  List<String> entityTypes();

  /** The range the run covers. */
  Window window();

  /** Starts a plan. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RunPlan}. */
  final class Builder extends ImmutableRunPlan.Builder {}
}
