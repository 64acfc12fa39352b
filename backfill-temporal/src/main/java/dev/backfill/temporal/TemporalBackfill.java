package dev.backfill.temporal;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.SettingsSpec;
import dev.backfill.core.state.CheckpointKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;

/**
 * How a host wires backfills into Temporal: register the workflows and activities on a worker,
 * start a run (at most one per connection at a time), query it, cancel it.
 */
public final class TemporalBackfill {
  private TemporalBackfill() {}

  /** Registers the backfill workflows and {@code activities} on {@code worker}. */
  public static void register(Worker worker, BackfillActivities activities) {
    worker.registerWorkflowImplementationTypes(BackfillWorkflowImpl.class, BackfillWorkWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
  }

  /** The workflow id of a connection's backfill: a second trigger for the connection finds the running one. */
  public static String workflowId(String provider, String connectionId) {
    return "backfill/" + provider + "/" + connectionId;
  }

  /**
   * Starts the backfill of {@code input}'s connection on {@code taskQueue}, or returns the run
   * already going for that connection.
   *
   * @throws IllegalArgumentException when a setting is marked secret by the provider's connector
   *     (found with {@link Connectors#load()}): the input lands in workflow history, so secrets
   *     belong in the {@link CredentialResolver}
   */
  public static WorkflowExecution start(WorkflowClient client, String taskQueue, TemporalBackfillInput input) {
    refuseSecrets(Connectors.load(), input);
    String id = workflowId(input.provider(), input.connectionId());
    BackfillWorkflow workflow = client.newWorkflowStub(BackfillWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build());
    try {
      return WorkflowClient.start(workflow::run, input);
    } catch (WorkflowExecutionAlreadyStarted alreadyRunning) {
      return alreadyRunning.getExecution();
    }
  }

  static void refuseSecrets(Connectors connectors, TemporalBackfillInput input) {
    SettingsSpec spec = connectors.get(input.provider()).settings();
    for (String key : input.settings().keySet()) {
      if (spec.setting(key).map(Setting::isSecret).orElse(false)) {
        throw new IllegalArgumentException("setting '" + key + "' of " + input.provider() + " is a secret and would be kept in"
            + " workflow history; pass it through the CredentialResolver instead");
      }
    }
  }

  /** The workflow id of one (resource, entity type) work of a connection's backfill. */
  static String workId(CheckpointKey key) {
    return workflowId(key.provider(), key.connectionId()) + "/" + key.resourceId() + "/" + key.entityType();
  }

  /** The running or last run of a connection's backfill, for {@code progress()} queries. */
  public static BackfillWorkflow stub(WorkflowClient client, String provider, String connectionId) {
    return client.newWorkflowStub(BackfillWorkflow.class, workflowId(provider, connectionId));
  }

  /**
   * Every work of the connection's backfill in plan order: finished ones as they ended, running
   * ones with the counts their own workflow reports, the others PENDING. Queries only: nothing is
   * added to any workflow history.
   */
  public static List<WorkOutcome> progress(WorkflowClient client, String provider, String connectionId) {
    List<WorkOutcome> progress = new ArrayList<>();
    for (WorkOutcome work : stub(client, provider, connectionId).progress()) {
      if (work.status() == BackfillStatus.RUNNING) {
        BackfillWorkWorkflow running = client.newWorkflowStub(BackfillWorkWorkflow.class, workId(work.key()));
        progress.add(running.progress());
      } else {
        progress.add(work);
      }
    }
    return progress;
  }

  /**
   * Waits for the connection's backfill to end and returns its result; a cancelled run, which
   * Temporal closes as cancelled, is reported as a CANCELLED result with each work's outcome.
   */
  public static TemporalBackfillResult await(WorkflowClient client, String provider, String connectionId) {
    BackfillWorkflow workflow = stub(client, provider, connectionId);
    try {
      return WorkflowStub.fromTyped(workflow).getResult(TemporalBackfillResult.class);
    } catch (WorkflowFailedException ended) {
      if (!(ended.getCause() instanceof CanceledFailure)) {
        throw ended;
      }
      return TemporalBackfillResult.builder()
          .provider(provider)
          .connectionId(connectionId)
          .status(BackfillStatus.CANCELLED)
          .works(workflow.progress())
          .build();
    }
  }

  /** Asks the connection's backfill to stop; its works save their checkpoints and it ends CANCELLED. */
  public static void cancel(WorkflowClient client, String provider, String connectionId) {
    WorkflowStub.fromTyped(stub(client, provider, connectionId)).cancel();
  }
}
