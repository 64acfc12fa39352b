package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Drives backfill work one page at a time, for hosts that keep the page loop themselves, such as a
 * durable workflow engine: {@link #plan} a run, {@link #begin} a (resource, entity type), {@link
 * #step} it page by page, {@link #end} it when it fails or is cancelled. Each step fetches through
 * the same HTTP plumbing as {@link Backfill}, hands the events to a sink and only then saves the
 * checkpoint. Thread-safe; the HTTP budget of a connection is shared by all its steps.
 */
public final class PageStepper {
  private final RunLifecycle lifecycle;

  private PageStepper(RunLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * @param httpSettings with {@link HttpSettings#waitForRateLimits()} false, a step reports a
   *     needed wait as {@link dev.backfill.core.error.RateLimitExhaustedException} with the instant
   *     to resume at instead of sleeping
   * @param clock fixes windows and judges rate-limit resets; a workflow host passes its own time
   */
  public static PageStepper create(Connectors connectors, CheckpointStore store, HttpSettings httpSettings, Clock clock) {
    return new PageStepper(new RunLifecycle(connectors, store, httpSettings, clock, clock));
  }

  /** The resources (filtered by the request), entity types and the range a new run requests. */
  public RunPlan plan(BackfillRequest request) {
    RunLifecycle.Prepared prepared = lifecycle.prepare(request);
    WorkContext listing = lifecycle.context(prepared, RunLifecycle.resourcesKey(request), BackfillListener.NONE);
    return RunPlan.builder()
        .resources(lifecycle.resources(prepared, listing))
        .entityTypes(prepared.entityTypes)
        .window(lifecycle.window(request))
        .build();
  }

  /**
   * The next segment of a (resource, entity type) for the {@code requested} range (the plan's),
   * saved as RUNNING: its segment in progress, resumed with its range and cursor; otherwise the
   * newest part of {@code requested} it has not covered, from the first page. When it has covered
   * all of {@code requested}, its stored checkpoint, COMPLETED. Call it again each time a segment
   * completes, until it returns a COMPLETED checkpoint.
   */
  public Checkpoint begin(BackfillRequest request, Resource resource, String entityType, Window requested) {
    return lifecycle.begin(CheckpointKey.of(request.provider(), request.connectionId(), resource.id(), entityType), requested);
  }

  /**
   * Fetches the page after {@code checkpoint}, hands its events to {@code sink}, saves and returns
   * the next checkpoint (COMPLETED after the last page). A page whose next cursor is the one it
   * was fetched with fails with {@link dev.backfill.core.error.CursorLoopException}. The request's
   * current credentials and settings are used, so a rotated token takes effect at the next page.
   *
   * @throws BackfillException when the page cannot be fetched or delivered; the stored checkpoint is unchanged
   */
  public Checkpoint step(BackfillRequest request, Resource resource, Checkpoint checkpoint, EventSink sink) {
    Set<PageCursor> seen = new HashSet<>();
    checkpoint.cursor().ifPresent(seen::add);
    PageStep step = lifecycle.pageStep(lifecycle.prepare(request), resource, checkpoint.key(), sink, BackfillListener.NONE, () -> 1);
    try {
      return step.next(checkpoint, seen, fetch -> fetch.get()).checkpoint;
    } catch (RuntimeException failure) {
      throw step.typed(failure);
    }
  }

  /** The stored checkpoint of {@code key}, if the work ever started. */
  public Optional<Checkpoint> checkpoint(CheckpointKey key) {
    return lifecycle.store().load(key);
  }

  /**
   * Saves the work as FAILED (with {@code error}) or CANCELLED, keeping its cursor at the last good
   * page. The stored checkpoint never moves back: when it holds a later page of the same window
   * than {@code checkpoint} (a step whose result the caller never saw, as when a cancellation
   * overtakes it), the work ends from the stored one, and a work that step completed stays
   * COMPLETED.
   */
  public Checkpoint end(BackfillRequest request, Resource resource, Checkpoint checkpoint, BackfillStatus status, BackfillException error) {
    if (status != BackfillStatus.FAILED && status != BackfillStatus.CANCELLED) {
      throw new IllegalArgumentException("a work ends FAILED or CANCELLED here, not " + status);
    }
    Checkpoint latest = lifecycle.store().load(checkpoint.key())
        .filter(stored -> stored.window().equals(checkpoint.window()) && stored.counts().pages() > checkpoint.counts().pages())
        .orElse(checkpoint);
    if (latest.status() == BackfillStatus.COMPLETED) {
      return latest;
    }
    return lifecycle.pageStep(lifecycle.prepare(request), resource, latest.key(), batch -> {
      throw new IllegalStateException("ending a work delivers nothing");
    }, BackfillListener.NONE, () -> 1).end(latest, status, error);
  }

  /** How many connection clients this stepper keeps now; bounded however many connections it serves. */
  int cachedClients() {
    return lifecycle.cachedClients();
  }
}
