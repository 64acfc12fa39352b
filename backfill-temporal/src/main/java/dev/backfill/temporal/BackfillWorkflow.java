package dev.backfill.temporal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** A backfill run: lists the resources, then runs one {@link BackfillWorkWorkflow} per (resource, entity type). */
@WorkflowInterface
public interface BackfillWorkflow {
  /** Runs the backfill {@code input} asks for and returns its result. */
  @WorkflowMethod
  TemporalBackfillResult run(TemporalBackfillInput input);

  /**
   * Every planned work: finished ones as they ended, the others RUNNING or PENDING without counts
   * ({@link TemporalBackfill#progress} fills in running works' counts).
   */
  @QueryMethod
  List<WorkOutcome> progress();
}
