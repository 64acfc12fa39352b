package dev.backfill.temporal;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.PageStepper;
import dev.backfill.core.run.RunPlan;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.WorkCounts;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The activities as a host registers them on its worker: each call builds the request with the
 * credentials its {@link CredentialResolver} finds for the connection, and uses a {@link
 * PageStepper} whose HTTP settings report rate-limit waits instead of sleeping, so the workflow
 * waits on a durable timer. Authentication, malformed-response, cursor and checkpoint errors and
 * 4xx answers are non-retryable; other failures are retried by the activity's retry policy.
 */
public final class BackfillActivitiesImpl implements BackfillActivities {
  private final PageStepper stepper;
  private final CredentialResolver credentials;
  private final EventSink sink;

  /**
   * @param stepper built with {@code HttpSettings.waitForRateLimits(false)} and the host's checkpoint store
   * @param sink where every page's events go, as with the core runner
   */
  public BackfillActivitiesImpl(PageStepper stepper, CredentialResolver credentials, EventSink sink) {
    this.stepper = Objects.requireNonNull(stepper, "stepper");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public RunPlan plan(TemporalBackfillInput input) {
    return guarded(() -> stepper.plan(request(input)));
  }

  @Override
  public Checkpoint begin(WorkInput input) {
    return guarded(() -> stepper.begin(request(input.run()), input.resource(), input.entityType(), input.window()));
  }

  @Override
  public StepResult step(WorkInput input, Checkpoint checkpoint) {
    try {
      return guarded(() -> StepResult.advanced(stepper.step(request(input.run()), input.resource(), checkpoint, sink)));
    } catch (RateLimitExhaustedException wait) {
      if (wait.resetAt().isPresent()) {
        return StepResult.waitUntil(wait.resetAt().get());
      }
      throw ApplicationFailure.newFailureWithCause(wait.getMessage(), wait.getClass().getSimpleName(), wait);
    }
  }

  @Override
  public Checkpoint end(WorkInput input, Checkpoint checkpoint, BackfillStatus status, String error) {
    return guarded(() -> stepper.end(request(input.run()), input.resource(), checkpoint, status, new BackfillException(error)));
  }

  @Override
  public List<WorkOutcome> outcomes(List<WorkInput> works) {
    List<WorkOutcome> outcomes = new ArrayList<>();
    for (WorkInput work : works) {
      CheckpointKey key = work.key();
      Optional<Checkpoint> stored = guarded(() -> stepper.checkpoint(key));
      outcomes.add(WorkOutcome.builder()
          .key(key)
          .status(stored.map(Checkpoint::status).orElse(BackfillStatus.CANCELLED))
          .window(stored.map(Checkpoint::window).orElse(work.window()))
          .counts(stored.map(Checkpoint::counts).orElse(WorkCounts.zero()))
          .error(stored.flatMap(Checkpoint::lastError))
          .build());
    }
    return outcomes;
  }

  private BackfillRequest request(TemporalBackfillInput input) {
    return BackfillRequest.builder()
        .provider(input.provider())
        .connectionId(input.connectionId())
        .credentials(credentials.credentials(input.provider(), input.connectionId()))
        .settings(input.settings())
        .depth(input.depth())
        .since(input.since())
        .until(input.until())
        .entityTypes(input.entityTypes())
        .resourceIds(input.resourceIds())
        .build();
  }

  /** Runs {@code call}, turning errors that a retry cannot fix ({@link BackfillException#retryable()}) into non-retryable failures. */
  private static <T> T guarded(Supplier<T> call) {
    try {
      return call.get();
    } catch (RateLimitExhaustedException wait) {
      throw wait;
    } catch (BackfillException failure) {
      String type = failure.getClass().getSimpleName();
      throw failure.retryable()
          ? ApplicationFailure.newFailureWithCause(failure.getMessage(), type, failure)
          : ApplicationFailure.newNonRetryableFailureWithCause(failure.getMessage(), type, failure);
    } catch (IllegalArgumentException invalid) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(invalid.getMessage(), invalid.getClass().getSimpleName(), invalid);
    }
  }
}
