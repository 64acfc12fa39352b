package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Redactor;
import dev.backfill.core.SourceEvent;
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
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.Coverage;
import dev.backfill.core.state.WorkCounts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
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
      return checkpoint.status() == BackfillStatus.COMPLETED;
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
  /** How many parts of a range may go at once now; 1: ranges are not split. */
  private final IntSupplier parallelism;
  private int emptyPagesInARow;

  PageStep(BackfillConnector connector, Resource resource, CheckpointKey key, WorkContext context, CheckpointStore store,
      EventSink sink, BackfillListener listener, Clock clock, WorkLimits limits, IntSupplier parallelism) {
    this.parallelism = parallelism;
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

  /** A page fetched from {@code from} and delivered, whose checkpoint is not saved yet. */
  static final class Fetched {
    /** The part the page belongs to; absent for the range's own pages before it was split. */
    final Optional<RangePart> part;
    final boolean splittable;
    final long pageNumber;
    final Page page;
    /** How many of the page's events went to the sink: fewer than it has at a boundary between parts. */
    final int delivered;
    /** Whether the page met the boundary its part was reading past its end to find. */
    final boolean partEnds;

    Fetched(Optional<RangePart> part, boolean splittable, long pageNumber, Page page, int delivered, boolean partEnds) {
      this.delivered = delivered;
      this.part = part;
      this.splittable = splittable;
      this.pageNumber = pageNumber;
      this.page = page;
      this.partEnds = partEnds;
    }

    /** Where the page's part goes on: its next cursor, unless the part ended here. */
    Optional<PageCursor> next() {
      return partEnds ? Optional.empty() : page.nextCursor();
    }
  }

  /**
   * Fetches the next page of {@code checkpoint} through {@code guard} (which may make the fetch
   * interruptible), delivers it and saves the checkpoint that follows: the page at its cursor, or,
   * once its range was split, at the cursor of its first unfinished part.
   *
   * @param seenCursors cursors already fetched in this run; a next cursor among them is a loop
   * @throws CursorLoopException when the page points back to a cursor already fetched
   * @throws WorkLimitExceededException when the work passes one of its {@link WorkLimits}
   */
  Outcome next(Checkpoint checkpoint, Set<PageCursor> seenCursors, Function<Supplier<Page>, Page> guard) {
    Optional<RangePart> part = checkpoint.parts().stream().filter(open -> !open.closing()).findFirst()
        .or(() -> checkpoint.parts().stream().findFirst());
    SharedPages shared = new SharedPages();
    shared.recall(checkpoint.partStarts());
    Fetched fetched = fetch(checkpoint, part, checkpoint.counts().pages() + 1, seenCursors, guard, shared);
    return new Outcome(advance(checkpoint, fetched), fetched.page.skipped());
  }

  /**
   * Fetches page {@code pageNumber} of {@code part} of {@code checkpoint}'s range (or of the range
   * itself, before it was split) through {@code guard} and delivers its events (those of the pages
   * at a boundary between parts through {@code shared}, so each once), with the page's
   * {@link BackfillMdc} keys set; {@link #advance} then saves what follows. Parts of a split range call this side by side,
   * each with its own step.
   */
  Fetched fetch(Checkpoint checkpoint, Optional<RangePart> part, long pageNumber, Set<PageCursor> seenCursors,
      Function<Supplier<Page>, Page> guard, SharedPages shared) {
    try (BackfillMdc.Scope logContext = BackfillMdc.page(key, pageNumber)) {
      return fetchAndDeliver(checkpoint, part, pageNumber, seenCursors, guard, shared);
    }
  }

  private Fetched fetchAndDeliver(Checkpoint checkpoint, Optional<RangePart> part, long pageNumber, Set<PageCursor> seenCursors,
      Function<Supplier<Page>, Page> guard, SharedPages shared) {
    if (pageNumber > limits.maxPages()) {
      throw new WorkLimitExceededException(key + ": stopping before page " + pageNumber + ", past the limit of "
          + limits.maxPages() + " pages for one work (WorkLimits.maxPages)");
    }
    int otherParts = Math.max(0, checkpoint.parts().size() - (part.isPresent() ? 1 : 0));
    int maxParts = Math.max(1, Math.min(PageRequest.DEFAULT_MAX_PARTS, parallelism.getAsInt() - otherParts));
    boolean splittable = maxParts > 1;
    PageRequest request = PageRequest.builder()
        .resource(resource)
        .entityType(key.entityType())
        .window(part.map(RangePart::window).orElse(checkpoint.window()))
        .range(checkpoint.window())
        .cursor(part.isPresent() ? part.get().cursor() : checkpoint.cursor())
        .pageNumber(pageNumber)
        .maxParts(maxParts)
        .build();
    Page page = guard.apply(() -> connector.fetchPage(context, request));
    listener.pageFetched(key, pageNumber, page.itemsSeen(), page.estimatedTotalPages());
    page.skipped().forEach(item -> listener.itemSkipped(key, item));
    if (page.nextCursor().isPresent() && !seenCursors.add(page.nextCursor().get())) {
      throw new CursorLoopException(key + ": page " + pageNumber + " points to a next-page cursor that was already"
          + " fetched in this run; stopping instead of looping");
    }
    checkLimits(checkpoint, pageNumber, page);
    boolean partEnds = false;
    int delivered = page.events().size();
    if (page.boundary().isPresent()) {
      delivered = shared.deliverFirstPage(page.boundary().get(), page, events -> deliver(events, pageNumber));
    } else if (page.meets().isPresent()) {
      delivered = shared.deliverMeeting(page.meets().get(), page.events(), events -> deliver(events, pageNumber));
      partEnds = shared.met(page.meets().get(), page);
    } else if (!page.events().isEmpty()) {
      deliver(page.events(), pageNumber);
    }
    return new Fetched(part, splittable, pageNumber, page, delivered, partEnds);
  }

  /**
   * Saves and returns the checkpoint after {@code fetched}, from the latest {@code checkpoint} of
   * the work: the page's counts added, its part moved on to its next cursor (or finished), and
   * the parts a range's first page offered added. COMPLETED, with the range covered, when no part
   * is left.
   *
   * @throws CursorLoopException when a part's next cursor is where another part stands, or a first
   *     page offers the same cursor twice: parts that overlap
   */
  Checkpoint advance(Checkpoint checkpoint, Fetched fetched) {
    Page page = fetched.page;
    WorkCounts counts = checkpoint.counts()
        .plus(context.drainHttpCounts())
        .plus(WorkCounts.builder()
            .pages(1)
            .events(fetched.delivered)
            .itemsSeen(page.itemsSeen())
            .skipped(page.skipped().size())
            .build());
    List<RangePart> parts = new ArrayList<>(checkpoint.parts());
    Optional<PageCursor> cursor = Optional.empty();
    int part = -1;
    if (fetched.part.isPresent()) {
      part = parts.indexOf(fetched.part.get());
      if (part < 0) {
        throw new IllegalStateException(key + ": part " + fetched.part.get().describe() + " is not one of the range's parts");
      }
      parts.remove(part);
    }
    Window split = fetched.part.map(RangePart::window).orElse(checkpoint.window());
    if (fetched.next().isPresent() && (fetched.part.isPresent() || fetched.splittable && !page.parts().isEmpty())) {
      RangePart moved = fetched.part.map(at -> at.at(fetched.next().get())).orElse(RangePart.of(split, fetched.next().get()));
      requireNotAPart(parts, moved, fetched.pageNumber);
      parts.add(Math.max(0, part), moved);
    } else if (fetched.part.isEmpty()) {
      cursor = page.nextCursor();
    }
    if (fetched.splittable) {
      for (RangePart offered : page.parts()) {
        requireAPartOf(split, parts, offered, fetched.pageNumber);
        parts.add(offered);
      }
    }
    boolean last = parts.isEmpty() && cursor.isEmpty();
    Map<String, List<String>> partStarts = checkpoint.partStarts();
    if (page.boundary().isPresent()) {
      partStarts = new HashMap<>(partStarts);
      partStarts.put(page.boundary().get(), SharedPages.kept(page));
    }
    Checkpoint next = Checkpoint.builder().from(checkpoint)
        .cursor(cursor)
        .parts(parts)
        .partStarts(last ? Map.of() : partStarts)
        .counts(counts)
        .covered(last ? Coverage.merge(checkpoint.covered(), checkpoint.window()) : checkpoint.covered())
        .status(last ? BackfillStatus.COMPLETED : BackfillStatus.RUNNING)
        .lastError(Optional.empty())
        .updatedAt(clock.instant())
        .build();
    store.save(next);
    return next;
  }

  private void requireNotAPart(List<RangePart> parts, RangePart part, long pageNumber) {
    if (parts.contains(part)) {
      throw new CursorLoopException(key + ": page " + pageNumber + " leads to " + part.describe() + ", where another part"
          + " of the range already stands; the connector's parts overlap");
    }
  }

  /**
   * An offered part is either a new cursor over the whole {@code range} or a slice of it that
   * overlaps no other; the two kinds do not mix.
   */
  private void requireAPartOf(Window range, List<RangePart> parts, RangePart offered, long pageNumber) {
    requireNotAPart(parts, offered, pageNumber);
    Window slice = offered.window();
    if (slice.since().isBefore(range.since()) || slice.until().isAfter(range.until())) {
      throw new CursorLoopException(key + ": page " + pageNumber + " offers a part " + slice.describe()
          + " outside its range " + range.describe() + "; the connector's parts overlap the next range");
    }
    for (RangePart other : parts) {
      Window window = other.window();
      boolean wholeAndSlice = slice.equals(range) != window.equals(range);
      boolean slices = !slice.equals(range) && !window.equals(range);
      if (wholeAndSlice || slices && slice.since().isBefore(window.until()) && window.since().isBefore(slice.until())) {
        throw new CursorLoopException(key + ": page " + pageNumber + " offers parts " + window.describe() + " and "
            + slice.describe() + ", which overlap; the connector's parts overlap");
      }
    }
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
      // Reported, not logged above debug: the failure is the work's result (WorkResult.error(), the
      // checkpoint's lastError), and a host decides what to say about it; a warning here would
      // say it twice, and fill a host's test output with the conformance suite's deliberate failures.
      LOG.debug("{} failed at page {}: {}", key, ended.counts().pages() + 1, context.redactor().redact(error.getMessage()));
    }
    return ended;
  }

  private void deliver(List<SourceEvent> events, long pageNumber) {
    deliver(EventBatch.of(key, pageNumber, events));
    listener.eventsDispatched(key, pageNumber, events.size());
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
