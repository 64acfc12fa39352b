package dev.backfill.temporal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The page loop of one (resource, entity type): one activity per page, durable timers for rate-limit waits. */
@WorkflowInterface
public interface BackfillWorkWorkflow {
  /** Fetches one (resource, entity type) and returns how it ended. */
  @WorkflowMethod
  WorkOutcome run(WorkInput input);

  /** This work's status and counts so far, with those of the runs it continued from. */
  @QueryMethod
  WorkOutcome progress();
}
