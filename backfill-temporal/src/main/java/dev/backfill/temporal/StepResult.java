package dev.backfill.temporal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.state.Checkpoint;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** What one page step did: the checkpoint after the page, or the instant to resume at after a rate-limit wait. */
@Value.Immutable
@JsonSerialize(as = ImmutableStepResult.class)
@JsonDeserialize(as = ImmutableStepResult.class)
public interface StepResult {
  Optional<Checkpoint> checkpoint();

  Optional<Instant> resumeAt();

  static StepResult advanced(Checkpoint checkpoint) {
    return ImmutableStepResult.builder().checkpoint(checkpoint).build();
  }

  static StepResult waitUntil(Instant resumeAt) {
    return ImmutableStepResult.builder().resumeAt(resumeAt).build();
  }
}
