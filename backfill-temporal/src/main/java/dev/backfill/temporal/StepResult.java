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
  /** The checkpoint after the page, when one was fetched. */
  Optional<Checkpoint> checkpoint();

  /** When to try again, when the page had to wait for a rate limit. */
  Optional<Instant> resumeAt();

  /** A page was fetched and {@code checkpoint} saved. */
  static StepResult advanced(Checkpoint checkpoint) {
    return ImmutableStepResult.builder().checkpoint(checkpoint).build();
  }

  /** No page was fetched; the work waits until {@code resumeAt}. */
  static StepResult waitUntil(Instant resumeAt) {
    return ImmutableStepResult.builder().resumeAt(resumeAt).build();
  }
}
