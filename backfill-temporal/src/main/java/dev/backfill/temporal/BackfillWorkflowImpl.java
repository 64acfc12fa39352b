package dev.backfill.temporal;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.run.RunPlan;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.state.WorkCounts;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists the resources once, then runs one child workflow per (resource, entity type), at most
 * {@code maxConcurrentWorks} at a time. Cancelling the run cancels the children, which save their
 * checkpoints as CANCELLED; the run's outcomes then come from those checkpoints, and the run ends
 * CANCELLED (Temporal closes a cancelled execution as cancelled; {@link TemporalBackfill#await}
 * reads its result through the {@code progress} query).
 */
public final class BackfillWorkflowImpl implements BackfillWorkflow {
  /** Listing the resources may page through an installation's or a team's resource list. */
  private static final Duration PLAN_TIMEOUT = Duration.ofMinutes(10);

  private final BackfillActivities activities = Workflow.newActivityStub(BackfillActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(PLAN_TIMEOUT)
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
      .build());

  private final Map<String, WorkInput> planned = new LinkedHashMap<>();
  private final Map<String, WorkOutcome> finished = new LinkedHashMap<>();
  private final Set<String> running = new HashSet<>();

  @Override
  public TemporalBackfillResult run(TemporalBackfillInput input) {
    TemporalBackfillResult.Builder result = TemporalBackfillResult.builder().provider(input.provider()).connectionId(input.connectionId());
    RunPlan plan;
    try {
      plan = BackfillWorkWorkflowImpl.uncancellable(() -> activities.plan(input));
    } catch (ActivityFailure failed) {
      return result.status(BackfillStatus.FAILED).error(failed.getCause() == null ? failed.getMessage() : failed.getCause().getMessage()).build();
    }
    result.window(plan.window());
    if (CancellationScope.current().isCancelRequested()) {
      return result.status(BackfillStatus.CANCELLED).build();
    }
    for (Resource resource : plan.resources()) {
      for (String entityType : plan.entityTypes()) {
        WorkInput work = WorkInput.builder().run(input).resource(resource).entityType(entityType).window(plan.window()).build();
        planned.put(TemporalBackfill.workId(work.key()), work);
      }
    }
    List<Promise<WorkOutcome>> outcomes = new ArrayList<>();
    try {
      for (Map.Entry<String, WorkInput> work : planned.entrySet()) {
        Workflow.await(() -> running.size() < input.maxConcurrentWorks());
        outcomes.add(startChild(work.getKey(), work.getValue()));
      }
      Promise.allOf(outcomes).get();
    } catch (CanceledFailure cancel) {
      // the run was cancelled while starting children; those started stop on their own
    }
    boolean cancelled = CancellationScope.current().isCancelRequested();
    Workflow.newDetachedCancellationScope(() -> {
      Promise.allOf(outcomes).get();
      List<WorkInput> unfinished = new ArrayList<>();
      planned.forEach((id, work) -> {
        if (!finished.containsKey(id)) {
          unfinished.add(work);
        }
      });
      if (!unfinished.isEmpty()) {
        for (WorkOutcome outcome : activities.outcomes(unfinished)) {
          finished.put(TemporalBackfill.workId(outcome.key()), outcome);
        }
      }
      running.clear();
    }).run();
    List<WorkOutcome> works = new ArrayList<>();
    planned.keySet().forEach(id -> works.add(finished.get(id)));
    BackfillStatus status = cancelled ? BackfillStatus.CANCELLED
        : works.stream().allMatch(work -> work.status() == BackfillStatus.COMPLETED) ? BackfillStatus.COMPLETED : BackfillStatus.FAILED;
    return result.status(status).works(works).build();
  }

  private Promise<WorkOutcome> startChild(String id, WorkInput work) {
    BackfillWorkWorkflow child = Workflow.newChildWorkflowStub(BackfillWorkWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build());
    running.add(id);
    return Async.function(child::run, work).handle((outcome, failure) -> {
      running.remove(id);
      if (outcome != null) {
        finished.put(id, outcome);
      }
      return outcome;
    });
  }

  /**
   * Every planned work in plan order: finished ones as they ended, the others as RUNNING or
   * PENDING. A running work's own counts come from its child workflow's query, which {@link
   * TemporalBackfill#progress} adds.
   */
  @Override
  public List<WorkOutcome> progress() {
    List<WorkOutcome> progress = new ArrayList<>();
    planned.forEach((id, work) -> {
      WorkOutcome outcome = finished.get(id);
      progress.add(outcome != null ? outcome : WorkOutcome.builder()
          .key(work.key())
          .status(running.contains(id) ? BackfillStatus.RUNNING : BackfillStatus.PENDING)
          .window(work.window())
          .counts(WorkCounts.zero())
          .build());
    });
    return progress;
  }
}
