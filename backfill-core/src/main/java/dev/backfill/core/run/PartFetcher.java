package dev.backfill.core.run;

import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fetches the parts of a split range side by side, at most {@code parallelism} at once, each page
 * after page with a step of its own; every page's checkpoint is merged into the work's one and
 * saved in turn, so each part keeps its own cursor. A slice's first page may split that slice
 * again; its new parts queue behind the running ones. Closing parts start once every other part
 * has ended (and may offer parts again). The first failure stops the other parts
 * after the page they are on; the work's checkpoint then holds every part at its last good page.
 */
final class PartFetcher {
  private final CheckpointKey key;
  private final Supplier<PageStep> steps;
  private final Cancellation cancellation;
  private final int parallelism;
  private final Consumer<List<SkippedItem>> skipped;
  private final SharedPages shared = new SharedPages();
  private final List<Future<?>> running = new ArrayList<>();
  /** Closing parts, which start once every other part has ended. */
  private final List<RangePart> held = new ArrayList<>();
  private ExecutorService pool;
  private Checkpoint current;
  private AtomicLong pageNumbers;
  private volatile boolean stopping;

  PartFetcher(CheckpointKey key, Supplier<PageStep> steps, Cancellation cancellation, int parallelism,
      Consumer<List<SkippedItem>> skipped) {
    this.key = key;
    this.steps = steps;
    this.cancellation = cancellation;
    this.parallelism = parallelism;
    this.skipped = skipped;
  }

  /**
   * Fetches every part of {@code split} to its end and returns the COMPLETED checkpoint.
   *
   * @throws RuntimeException the first failure of a part, after every part has stopped
   */
  Checkpoint fetch(Checkpoint split) {
    synchronized (this) {
      current = split;
      shared.recall(split.partStarts());
      pageNumbers = new AtomicLong(split.counts().pages());
      pool = Executors.newFixedThreadPool(Math.max(1, parallelism), runnable -> {
        Thread thread = new Thread(runnable, "backfill-part-" + key);
        thread.setDaemon(true);
        return thread;
      });
    }
    try {
      split.parts().forEach(this::submit);
      RuntimeException failure = null;
      for (int awaited = 0; ; awaited++) {
        Future<?> part;
        synchronized (this) {
          if (awaited == running.size()) {
            if (held.isEmpty() || stopping) {
              break;
            }
            held.forEach(closing -> running.add(pool.submit(() -> part(closing))));
            held.clear();
          }
          part = running.get(awaited);
        }
        try {
          awaitUninterruptibly(part);
        } catch (ExecutionException failed) {
          stopping = true;
          RuntimeException cause = failed.getCause() instanceof RuntimeException
              ? (RuntimeException) failed.getCause() : new IllegalStateException(failed.getCause());
          if (failure == null || failure instanceof BackfillCancelledException && !(cause instanceof BackfillCancelledException)) {
            failure = cause;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return latest();
    } finally {
      pool.shutdown();
    }
  }

  /** The work's checkpoint as of the last page saved. */
  synchronized Checkpoint latest() {
    return current;
  }

  private synchronized void submit(RangePart part) {
    if (part.closing()) {
      held.add(part);
    } else if (!stopping) {
      running.add(pool.submit(() -> part(part)));
    }
  }

  private void part(RangePart start) {
    PageStep step = steps.get();
    Optional<RangePart> part = Optional.of(start);
    Set<PageCursor> seen = new HashSet<>();
    start.cursor().ifPresent(seen::add);
    while (part.isPresent() && !stopping) {
      cancellation.check();
      PageStep.Fetched fetched = step.fetch(latest(), part, pageNumbers.incrementAndGet(), seen, cancellation::interruptibly, shared);
      synchronized (this) {
        current = step.advance(current, fetched);
      }
      skipped.accept(fetched.page.skipped());
      if (fetched.splittable) {
        fetched.page.parts().forEach(this::submit);
      }
      part = fetched.next().map(part.get()::at);
    }
  }

  private static void awaitUninterruptibly(Future<?> part) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          part.get();
          return;
        } catch (InterruptedException again) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
