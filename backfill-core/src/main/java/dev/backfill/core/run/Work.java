package dev.backfill.core.run;

import dev.backfill.core.BackfillCancelledException;
import dev.backfill.core.BackfillException;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.CursorLoopException;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.Window;
import dev.backfill.core.sink.EventBatch;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.WorkCounts;
import java.time.Clock;
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
 * checkpoint, until the connector reports no next page. Resumes from a stored checkpoint and keeps
 * its window; a failure or cancel saves the counts with the cursor still at the last good page.
 */
final class Work {
  private static final Logger LOG = LoggerFactory.getLogger(Work.class);
  private static final int MAX_ERROR_LENGTH = 1000;

  private final BackfillConnector connector;
  private final Resource resource;
  private final CheckpointKey key;
  private final Window runWindow;
  private final WorkContext context;
  private final CheckpointStore store;
  private final EventSink sink;
  private final BackfillListener listener;
  private final Cancellation cancellation;
  private final List<Semaphore> permits;
  private final Clock clock;
  private final List<SkippedItem> skippedItems = new ArrayList<>();

  Work(BackfillConnector connector, Resource resource, CheckpointKey key, Window runWindow, WorkContext context,
      CheckpointStore store, EventSink sink, BackfillListener listener, Cancellation cancellation,
      List<Semaphore> permits, Clock clock) {
    this.connector = connector;
    this.resource = resource;
    this.key = key;
    this.runWindow = runWindow;
    this.context = context;
    this.store = store;
    this.sink = sink;
    this.listener = listener;
    this.cancellation = cancellation;
    this.permits = permits;
    this.clock = clock;
  }

  WorkResult run() {
    long started = System.nanoTime();
    WorkResult result = WorkResult.builder().from(runUnlisted()).elapsed(Duration.ofNanos(System.nanoTime() - started)).build();
    listener.workDone(result);
    LOG.debug("{} ended {} after {} pages, {} events", key, result.status(), result.counts().pages(), result.counts().events());
    return result;
  }

  private WorkResult runUnlisted() {
    Optional<Checkpoint> stored;
    try {
      stored = store.load(key);
    } catch (BackfillException unreadable) {
      return result(BackfillStatus.FAILED, runWindow, WorkCounts.zero(), unreadable);
    }
    if (stored.isPresent() && stored.get().status() == BackfillStatus.COMPLETED) {
      return result(BackfillStatus.COMPLETED, stored.get().window(), stored.get().counts(), null);
    }
    Window window = stored.map(Checkpoint::window).orElse(runWindow);
    WorkCounts before = stored.map(Checkpoint::counts).orElse(WorkCounts.zero());
    int acquired = 0;
    try {
      for (Semaphore permit : permits) {
        cancellation.interruptibly(() -> acquire(permit));
        acquired++;
      }
      Checkpoint start = stored.isPresent()
          ? Checkpoint.builder().from(stored.get()).status(BackfillStatus.RUNNING).updatedAt(clock.instant()).build()
          : Checkpoint.builder().key(key).window(window).status(BackfillStatus.RUNNING).updatedAt(clock.instant()).build();
      store.save(start);
      return pages(start);
    } catch (BackfillCancelledException cancelled) {
      String reason = cancellation.isCancelled() ? cancellation.reason() : cancelled.getMessage();
      return result(BackfillStatus.CANCELLED, window, before, new BackfillCancelledException(reason));
    } catch (BackfillException failed) {
      return result(BackfillStatus.FAILED, window, before, failed);
    } catch (RuntimeException failed) {
      return result(BackfillStatus.FAILED, window, before, new BackfillException(key + ": " + failed, failed));
    } finally {
      for (int i = acquired - 1; i >= 0; i--) {
        permits.get(i).release();
      }
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
    Checkpoint checkpoint = start;
    Set<PageCursor> seenCursors = new HashSet<>();
    checkpoint.cursor().ifPresent(seenCursors::add);
    try {
      while (true) {
        cancellation.check();
        long pageNumber = checkpoint.counts().pages() + 1;
        PageRequest request = PageRequest.builder()
            .resource(resource)
            .entityType(key.entityType())
            .window(checkpoint.window())
            .cursor(checkpoint.cursor())
            .pageNumber(pageNumber)
            .build();
        Page page = cancellation.interruptibly(() -> connector.fetchPage(context, request));
        cancellation.check();
        listener.pageFetched(key, pageNumber, page.itemsSeen(), page.estimatedTotalPages());
        for (SkippedItem item : page.skipped()) {
          listener.itemSkipped(key, item);
          if (skippedItems.size() < WorkResult.MAX_SKIPPED_LISTED) {
            skippedItems.add(item);
          }
        }
        if (page.nextCursor().isPresent() && !seenCursors.add(page.nextCursor().get())) {
          throw new CursorLoopException(key + ": page " + pageNumber + " points to a next-page cursor that was already"
              + " fetched in this run; stopping instead of looping");
        }
        if (!page.events().isEmpty()) {
          deliver(EventBatch.of(key, pageNumber, page.events()));
          listener.eventsDispatched(key, pageNumber, page.events().size());
        }
        WorkCounts counts = checkpoint.counts()
            .plus(context.drainHttpCounts())
            .plus(WorkCounts.builder()
                .pages(1)
                .events(page.events().size())
                .itemsSeen(page.itemsSeen())
                .skipped(page.skipped().size())
                .build());
        checkpoint = Checkpoint.builder().from(checkpoint)
            .cursor(page.nextCursor())
            .counts(counts)
            .status(page.nextCursor().isPresent() ? BackfillStatus.RUNNING : BackfillStatus.COMPLETED)
            .lastError(Optional.empty())
            .updatedAt(clock.instant())
            .build();
        store.save(checkpoint);
        if (page.nextCursor().isEmpty()) {
          return result(BackfillStatus.COMPLETED, checkpoint.window(), counts, null);
        }
      }
    } catch (RuntimeException failure) {
      BackfillStatus status = cancellation.isCancelled() ? BackfillStatus.CANCELLED : BackfillStatus.FAILED;
      BackfillException error = failure instanceof BackfillException
          ? (BackfillException) failure
          : new BackfillException(key + ": connector " + connector.getClass().getName() + " failed: " + failure, failure);
      if (status == BackfillStatus.CANCELLED) {
        error = new BackfillCancelledException(cancellation.reason());
      }
      Checkpoint ended = Checkpoint.builder().from(checkpoint)
          .counts(checkpoint.counts().plus(context.drainHttpCounts()))
          .status(status)
          .lastError(status == BackfillStatus.FAILED ? Optional.of(describe(error)) : Optional.empty())
          .updatedAt(clock.instant())
          .build();
      try {
        store.save(ended);
      } catch (RuntimeException storeFailure) {
        LOG.warn("{}: could not save the {} checkpoint: {}", key, status, storeFailure.getMessage());
        error.addSuppressed(storeFailure);
      }
      if (status == BackfillStatus.FAILED) {
        LOG.warn("{} failed at page {}: {}", key, ended.counts().pages() + 1, error.getMessage());
      }
      return result(status, ended.window(), ended.counts(), error);
    }
  }

  private void deliver(EventBatch batch) {
    try {
      sink.accept(batch);
    } catch (BackfillException refused) {
      throw refused;
    } catch (RuntimeException refused) {
      throw new BackfillException(key + ": the sink refused page " + batch.pageNumber() + ": " + refused, refused);
    }
  }

  private static String describe(BackfillException error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "..." : text;
  }

  private WorkResult result(BackfillStatus status, Window window, WorkCounts counts, BackfillException error) {
    return WorkResult.builder()
        .key(key)
        .status(status)
        .window(window)
        .counts(counts)
        .skippedItems(skippedItems)
        .error(Optional.ofNullable(error))
        .build();
  }
}
