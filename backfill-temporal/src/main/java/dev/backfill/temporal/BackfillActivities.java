package dev.backfill.temporal;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.run.RunPlan;
import dev.backfill.core.state.Checkpoint;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The activities of a backfill workflow; {@link BackfillActivitiesImpl} is the implementation a host registers. */
@ActivityInterface
public interface BackfillActivities {
  /** The resources, entity types and window of a new run. */
  RunPlan plan(TemporalBackfillInput input);

  /** The checkpoint a work continues from, from the host's store (so a run begun outside Temporal resumes here). */
  Checkpoint begin(WorkInput input);

  /** Fetches one page, hands it to the host's sink and saves the next checkpoint; or says when to resume after a rate limit. */
  StepResult step(WorkInput input, Checkpoint checkpoint);

  /** Saves the checkpoint of a work that failed or was cancelled, keeping its cursor. */
  Checkpoint end(WorkInput input, Checkpoint checkpoint, BackfillStatus status, String error);

  /** The outcomes of works as their stored checkpoints tell them, for works that ended without returning one. */
  List<WorkOutcome> outcomes(List<WorkInput> works);
}
