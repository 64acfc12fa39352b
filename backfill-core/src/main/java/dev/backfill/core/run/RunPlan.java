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
  List<Resource> resources();

  List<String> entityTypes();

  Window window();

  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RunPlan}. */
  final class Builder extends ImmutableRunPlan.Builder {}
}
