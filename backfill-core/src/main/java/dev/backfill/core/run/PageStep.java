package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Redactor;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.CursorLoopException;
import dev.backfill.core.error.StorageException;
import dev.backfill.core.error.WorkLimitExceededException;
import dev.backfill.core.sink.EventBatch;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.Coverage;
import dev.backfill.core.state.WorkCounts;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page of one work: fetch it, hand it to the sink, then save the checkpoint that follows it;
 * and, when the work stops, save its checkpoint with merged counts and the cursor still at the
 * last good page. The runner's page loop and {@link PageStepper} share it.
 */
final class PageStep {
  private static final Logger LOG = LoggerFactory.getLogger(PageStep.class);
  private static final int MAX_ERROR_LENGTH = 1000;

  /** The checkpoint after a page, and the items it skipped. */
  static final class Outcome {
    final Checkpoint checkpoint;
    final List<SkippedItem> skipped;

    Outcome(Checkpoint checkpoint, List<SkippedItem> skipped) {
      this.checkpoint = checkpoint;
      this.skipped = skipped;
    }

    boolean done() {
      return checkpoint.cursor().isEmpty();
    }
  }

  private final BackfillConnector connector;
  private final Resource resource;
  private final CheckpointKey key;
  private final WorkContext context;
  private final CheckpointStore store;
  private final EventSink sink;
  private final BackfillListener listener;
  private final Clock clock;
  private final WorkLimits limits;
  private int emptyPagesInARow;

  PageStep(BackfillConnector connector, Resource resource, CheckpointKey key, WorkContext context, CheckpointStore store,
      EventSink sink, BackfillListener listener, Clock clock, WorkLimits limits) {
    this.connector = connector;
    this.resource = resource;
    this.key = key;
    this.context = context;
    this.store = store;
    this.sink = sink;
    this.listener = listener;
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Fetches the page after {@code checkpoint} through {@code guard} (which may make the fetch
   * interruptible), delivers it and saves the next checkpoint.
   *
   * @param seenCursors cursors already fetched in this run; a next cursor among them is a loop
   * @throws CursorLoopException when the page points back to a cursor already fetched
   * @throws WorkLimitExceededException when the work passes one of its {@link WorkLimits}
   */
  Outcome next(Checkpoint checkpoint, Set<PageCursor> seenCursors, Function<Supplier<Page>, Page> guard) {
    long pageNumber = checkpoint.counts().pages() + 1;
    if (pageNumber > limits.maxPages()) {
      throw new WorkLimitExceededException(key + ": stopping before page " + pageNumber + ", past the limit of "
          + limits.maxPages() + " pages for one work (WorkLimits.maxPages)");
    }
    PageRequest request = PageRequest.builder()
        .resource(resource)
        .entityType(key.entityType())
        .window(checkpoint.window())
        .cursor(checkpoint.cursor())
        .pageNumber(pageNumber)
        .build();
    Page page = guard.apply(() -> connector.fetchPage(context, request));
    listener.pageFetched(key, pageNumber, page.itemsSeen(), page.estimatedTotalPages());
    page.skipped().forEach(item -> listener.itemSkipped(key, item));
    if (page.nextCursor().isPresent() && !seenCursors.add(page.nextCursor().get())) {
      throw new CursorLoopException(key + ": page " + pageNumber + " points to a next-page cursor that was already"
          + " fetched in this run; stopping instead of looping");
    }
    checkLimits(checkpoint, pageNumber, page);
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
    boolean last = page.nextCursor().isEmpty();
    Checkpoint next = Checkpoint.builder().from(checkpoint)
        .cursor(page.nextCursor())
        .counts(counts)
        .covered(last ? Coverage.merge(checkpoint.covered(), checkpoint.window()) : checkpoint.covered())
        .status(last ? BackfillStatus.COMPLETED : BackfillStatus.RUNNING)
        .lastError(Optional.empty())
        .updatedAt(clock.instant())
        .build();
    store.save(next);
    return new Outcome(next, page.skipped());
  }

  private void checkLimits(Checkpoint checkpoint, long pageNumber, Page page) {
    if (page.itemsSeen() > limits.maxItemsPerPage()) {
      throw new WorkLimitExceededException(key + ": page " + pageNumber + " holds " + page.itemsSeen()
          + " items, more than the " + limits.maxItemsPerPage() + " any page may hold (WorkLimits.maxItemsPerPage)");
    }
    if (page.itemsSeen() > 1 && page.skipped().size() >= page.itemsSeen()) {
      throw new WorkLimitExceededException(key + ": every one of the " + page.itemsSeen() + " items of page " + pageNumber
          + " is malformed, the first because " + context.redactor().redact(page.skipped().get(0).reason()));
    }
    long skipped = checkpoint.counts().skipped() + page.skipped().size();
    if (skipped > limits.maxSkippedItems()) {
      throw new WorkLimitExceededException(key + ": " + skipped + " items skipped as malformed, more than the "
          + limits.maxSkippedItems() + " a work may skip (WorkLimits.maxSkippedItems)");
    }
    emptyPagesInARow = page.itemsSeen() == 0 && page.nextCursor().isPresent() ? emptyPagesInARow + 1 : 0;
    if (emptyPagesInARow > limits.maxEmptyPagesInARow()) {
      throw new WorkLimitExceededException(key + ": " + emptyPagesInARow + " pages in a row returned no item but pointed to"
          + " another page; stopping (WorkLimits.maxEmptyPagesInARow is " + limits.maxEmptyPagesInARow() + ")");
    }
  }

  /** Turns any failure of a page into a typed one that names the work, without the connection's secrets. */
  BackfillException typed(RuntimeException failure) {
    return failure instanceof BackfillException
        ? (BackfillException) failure
        : context.redactor().wrap(key + ": connector " + connector.getClass().getName() + " failed", failure);
  }

  /**
   * Saves {@code checkpoint} as {@code status} with the HTTP counts not yet saved, keeping its
   * cursor; {@code error} is recorded for a failure. A store failure is added to {@code error}.
   */
  Checkpoint end(Checkpoint checkpoint, BackfillStatus status, BackfillException error) {
    Checkpoint ended = Checkpoint.builder().from(checkpoint)
        .counts(checkpoint.counts().plus(context.drainHttpCounts()))
        .status(status)
        .lastError(status == BackfillStatus.FAILED ? Optional.of(describe(error, context.redactor())) : Optional.empty())
        .updatedAt(clock.instant())
        .build();
    try {
      store.save(ended);
    } catch (RuntimeException storeFailure) {
      LOG.warn("{}: could not save the {} checkpoint: {}", key, status, context.redactor().redact(storeFailure.getMessage()));
      error.addSuppressed(storeFailure);
    }
    if (status == BackfillStatus.FAILED) {
      LOG.warn("{} failed at page {}: {}", key, ended.counts().pages() + 1, context.redactor().redact(error.getMessage()));
    }
    return ended;
  }

  private void deliver(EventBatch batch) {
    try {
      sink.accept(batch);
    } catch (BackfillException refused) {
      throw refused;
    } catch (RuntimeException refused) {
      throw new StorageException(key + ": the sink refused page " + batch.pageNumber() + ": " + refused, refused);
    }
  }

  private static String describe(BackfillException error, Redactor redactor) {
    String text = redactor.redact(error.getClass().getSimpleName() + ": " + error.getMessage());
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "..." : text;
  }
}
