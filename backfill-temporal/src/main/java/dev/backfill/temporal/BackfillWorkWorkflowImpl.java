package dev.backfill.temporal;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.WorkCounts;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One page per activity, segment after segment of the range the run requested that the work has
 * not covered (each begun by the {@code begin} activity); a rate-limit wait is a durable timer; every {@code pagesPerHistory}
 * pages the workflow continues as new with its checkpoint, so histories stay bounded. A
 * cancellation never interrupts a page activity: the page in flight finishes (its events
 * delivered, its checkpoint saved), then the work is saved as CANCELLED from there; a rate-limit
 * wait is cut short.
 */
public final class BackfillWorkWorkflowImpl implements BackfillWorkWorkflow {
  /** The change that begins the next segment after one completes; histories from before it end after their one segment. */
  private static final String RANGE_SEGMENTS = "range-segments";

  private BackfillActivities activities;
  private WorkInput input;
  private Checkpoint checkpoint;

  @Override
  public WorkOutcome run(WorkInput input) {
    this.input = input;
    activities = Workflow.newActivityStub(BackfillActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(input.run().pageTimeout())
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofMinutes(1))
            .setMaximumAttempts(10)
            .build())
        .build());
    try {
      checkpoint = input.checkpoint().orElseGet(() -> uncancellable(() -> activities.begin(input)));
      int pages = 0;
      while (checkpoint.status() != BackfillStatus.COMPLETED) {
        if (CancellationScope.current().isCancelRequested()) {
          return ended(BackfillStatus.CANCELLED, "cancelled");
        }
        StepResult step = uncancellable(() -> activities.step(input, checkpoint));
        if (step.resumeAt().isPresent()) {
          Duration wait = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), step.resumeAt().get());
          Workflow.sleep(wait.isNegative() ? Duration.ZERO : wait);
          continue;
        }
        checkpoint = step.checkpoint().orElseThrow();
        if (checkpoint.status() == BackfillStatus.COMPLETED && Workflow.getVersion(RANGE_SEGMENTS, Workflow.DEFAULT_VERSION, 1) >= 1) {
          checkpoint = uncancellable(() -> activities.begin(input));
        }
        pages++;
        if (pages >= input.run().pagesPerHistory() && checkpoint.status() != BackfillStatus.COMPLETED) {
          Workflow.continueAsNew(WorkInput.builder().from(input).checkpoint(checkpoint).build());
        }
      }
      return outcome(BackfillStatus.COMPLETED, Optional.empty());
    } catch (CanceledFailure cancelled) {
      return ended(BackfillStatus.CANCELLED, "cancelled");
    } catch (ActivityFailure failed) {
      if (CancellationScope.current().isCancelRequested()) {
        return ended(BackfillStatus.CANCELLED, "cancelled");
      }
      return ended(BackfillStatus.FAILED, describe(failed));
    }
  }

  /**
   * Runs an activity that a cancellation does not interrupt: a page in flight finishes, its
   * result reaches this workflow, and the loop stops before the next page.
   */
  static <T> T uncancellable(Supplier<T> activity) {
    List<T> result = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> result.add(activity.get())).run();
    return result.get(0);
  }

  @Override
  public WorkOutcome progress() {
    return outcome(checkpoint == null ? BackfillStatus.PENDING : checkpoint.status(), Optional.empty());
  }

  /**
   * Saves the end of the work in a scope a cancellation cannot interrupt. The stored checkpoint
   * may be ahead of this workflow's (a page whose result never reached it); the work then ends
   * from it, or stays COMPLETED if that page was its last.
   */
  private WorkOutcome ended(BackfillStatus status, String error) {
    if (checkpoint != null) {
      checkpoint = uncancellable(() -> activities.end(input, checkpoint, status, error));
      if (checkpoint.status() == BackfillStatus.COMPLETED) {
        return outcome(BackfillStatus.COMPLETED, Optional.empty());
      }
    }
    return outcome(status, status == BackfillStatus.FAILED ? Optional.of(error) : Optional.empty());
  }

  private WorkOutcome outcome(BackfillStatus status, Optional<String> error) {
    WorkOutcome.Builder outcome = WorkOutcome.builder().status(status).error(error);
    if (checkpoint != null) {
      return outcome.key(checkpoint.key()).window(checkpoint.window()).counts(checkpoint.counts()).build();
    }
    return outcome.key(input.key())
        .window(input.window())
        .counts(WorkCounts.zero())
        .build();
  }

  private static String describe(RuntimeException failed) {
    Throwable cause = failed.getCause();
    if (cause instanceof ApplicationFailure) {
      return ((ApplicationFailure) cause).getType() + ": " + ((ApplicationFailure) cause).getOriginalMessage();
    }
    return cause == null ? failed.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
