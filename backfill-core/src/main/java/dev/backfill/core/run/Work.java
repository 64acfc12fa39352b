package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.WorkCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page loop of one (resource, entity type): fetch a page, hand it to the sink, then save the
 * checkpoint, until the connector reports no next page; when a range's first page splits it into
 * parts, the parts side by side ({@link PartFetcher}); segment after segment, until the range the
 * run asked for is covered. The work is claimed in the store first, so no other run fetches it
 * at the same time. Resumes a segment in progress with its range and cursor; a failure or
 * cancel saves the counts with the cursor still at the last good page.
 */
final class Work {
  private static final Logger LOG = LoggerFactory.getLogger(Work.class);

  private final RunLifecycle lifecycle;
  private final RunLifecycle.Prepared prepared;
  private final Resource resource;
  private final CheckpointKey key;
  private final Window runWindow;
  private final EventSink sink;
  private final BackfillListener listener;
  private final Cancellation cancellation;
  private final List<Semaphore> permits;
  private final PartShares shares;
  private final List<SkippedItem> skippedItems = new ArrayList<>();
  private final List<Window> fetched = new ArrayList<>();
  private boolean resumed;
  /** The work's counts when this run began it: what earlier runs did. */
  private WorkCounts before = WorkCounts.zero();

  Work(RunLifecycle lifecycle, RunLifecycle.Prepared prepared, Resource resource, CheckpointKey key, Window runWindow,
      EventSink sink, BackfillListener listener, Cancellation cancellation, List<Semaphore> permits, PartShares shares) {
    this.lifecycle = lifecycle;
    this.prepared = prepared;
    this.resource = resource;
    this.key = key;
    this.runWindow = runWindow;
    this.sink = sink;
    this.listener = listener;
    this.cancellation = cancellation;
    this.permits = permits;
    this.shares = shares;
  }

  WorkResult run() {
    long started = System.nanoTime();
    WorkResult result = WorkResult.builder().from(runUnlisted()).elapsed(Duration.ofNanos(System.nanoTime() - started)).build();
    listener.workDone(result);
    LOG.debug("{} ended {} after {} pages, {} events", key, result.status(), result.runCounts().pages(), result.runCounts().events());
    return result;
  }

  private WorkResult runUnlisted() {
    Window window = runWindow;
    int acquired = 0;
    CheckpointStore.Claim claim = null;
    try {
      claim = cancellation.interruptibly(() -> lifecycle.store().claim(key));
      for (Semaphore permit : permits) {
        cancellation.interruptibly(() -> acquire(permit));
        acquired++;
      }
      Checkpoint start = lifecycle.begin(key, runWindow);
      window = start.window();
      before = start.counts();
      if (start.status() == BackfillStatus.COMPLETED) {
        return result(BackfillStatus.COMPLETED, window, before, null);
      }
      resumed = start.cursor().isPresent();
      shares.started();
      try {
        return segments(start);
      } finally {
        shares.ended();
      }
    } catch (BackfillCancelledException cancelled) {
      String reason = cancellation.isCancelled() ? cancellation.reason() : cancelled.getMessage();
      return result(BackfillStatus.CANCELLED, window, before, new BackfillCancelledException(reason));
    } catch (BackfillException failed) {
      return result(BackfillStatus.FAILED, window, before, failed);
    } catch (RuntimeException failed) {
      return result(BackfillStatus.FAILED, window, before, prepared.http.redactor().wrap(key.toString(), failed));
    } finally {
      for (int i = acquired - 1; i >= 0; i--) {
        permits.get(i).release();
      }
      if (claim != null) {
        claim.close();
      }
    }
  }

  /** Fetches segment after segment until the requested range is covered, or a segment stops the work. */
  private WorkResult segments(Checkpoint first) {
    Checkpoint segment = first;
    while (true) {
      fetched.add(segment.window());
      WorkResult result = pages(segment);
      if (result.status() != BackfillStatus.COMPLETED) {
        return result;
      }
      Checkpoint next = lifecycle.begin(key, runWindow);
      if (next.status() == BackfillStatus.COMPLETED) {
        return result;
      }
      segment = next;
    }
  }

  private static Boolean acquire(Semaphore permit) {
    try {
      permit.acquire();
      return Boolean.TRUE;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("cancelled while waiting for a worker slot");
    }
  }

  private WorkResult pages(Checkpoint start) {
    PageStep step = lifecycle.pageStep(prepared, resource, key, sink, listener, shares::share);
    Checkpoint checkpoint = start;
    Set<PageCursor> seenCursors = new HashSet<>();
    checkpoint.cursor().ifPresent(seenCursors::add);
    PartFetcher parts = null;
    try {
      while (checkpoint.parts().isEmpty()) {
        cancellation.check();
        PageStep.Outcome outcome = step.next(checkpoint, seenCursors, cancellation::interruptibly);
        checkpoint = outcome.checkpoint;
        skipped(outcome.skipped);
        if (outcome.done()) {
          return result(BackfillStatus.COMPLETED, checkpoint.window(), checkpoint.counts(), null);
        }
      }
      parts = new PartFetcher(key, () -> lifecycle.pageStep(prepared, resource, key, sink, listener, shares::share), cancellation,
          shares.limit(), this::skipped);
      checkpoint = parts.fetch(checkpoint);
      return result(BackfillStatus.COMPLETED, checkpoint.window(), checkpoint.counts(), null);
    } catch (RuntimeException failure) {
      if (parts != null) {
        checkpoint = parts.latest();
      }
      BackfillStatus status = cancellation.isCancelled() ? BackfillStatus.CANCELLED : BackfillStatus.FAILED;
      BackfillException error = status == BackfillStatus.CANCELLED
          ? new BackfillCancelledException(cancellation.reason())
          : step.typed(failure);
      Checkpoint ended = step.end(checkpoint, status, error);
      return result(status, ended.window(), ended.counts(), error);
    }
  }

  private synchronized void skipped(List<SkippedItem> items) {
    for (SkippedItem item : items) {
      if (skippedItems.size() < WorkResult.MAX_SKIPPED_LISTED) {
        skippedItems.add(item);
      }
    }
  }

  private synchronized WorkResult result(BackfillStatus status, Window window, WorkCounts counts, BackfillException error) {
    return WorkResult.builder()
        .key(key)
        .status(status)
        .window(window)
        .runCounts(counts.since(before))
        .cumulativeCounts(counts)
        .skippedItems(skippedItems)
        .fetched(fetched)
        .resumed(resumed)
        .error(Optional.ofNullable(error))
        .build();
  }
}
