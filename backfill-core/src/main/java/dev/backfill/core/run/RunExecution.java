package dev.backfill.core.run;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.sink.EventSink;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run: a coordinator thread lists the resources, fans out one {@link Work} per (resource,
 * entity type) onto a pool of {@link RunLifecycle.Prepared#concurrency()} threads, and builds the result.
 */
final class RunExecution implements BackfillHandle {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final RunLifecycle lifecycle;
  private final RunLifecycle.Prepared prepared;
  private final BackfillRequest request;
  private final Window window;
  private final EventSink sink;
  private final BackfillListener listener;
  private final List<Semaphore> permits;
  private final PartShares shares;
  private final Runnable onFinish;
  private final Cancellation cancellation = new Cancellation();
  private final CompletableFuture<BackfillResult> result = new CompletableFuture<>();
  private final Instant startedAt;
  private final WorkContext listing;
  private final long startedNanos = System.nanoTime();
  private volatile BackfillStatus status = BackfillStatus.PENDING;

  /** @param onFinish runs once the run is over, whatever its result, before the result completes */
  RunExecution(RunLifecycle lifecycle, RunLifecycle.Prepared prepared, Window window, EventSink sink, BackfillListener listener,
      List<Semaphore> permits, Runnable onFinish) {
    this.lifecycle = lifecycle;
    this.prepared = prepared;
    this.request = prepared.request;
    this.window = window;
    this.sink = sink;
    this.listener = new SafeListener(List.of(listener));
    this.permits = permits;
    this.shares = PartShares.of(prepared);
    this.onFinish = onFinish;
    this.startedAt = lifecycle.clock().instant();
    this.listing = lifecycle.context(prepared, RunLifecycle.resourcesKey(request), this.listener);
  }

  void start() {
    Thread coordinator = new Thread(this::coordinate,
        "backfill-" + request.provider() + "-" + RUNS.incrementAndGet());
    coordinator.setDaemon(true);
    coordinator.start();
  }

  @Override
  public BackfillStatus status() {
    return status;
  }

  @Override
  public void cancel() {
    cancellation.cancel("run cancelled");
  }

  @Override
  public BackfillResult await() {
    try {
      return result.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while waiting for the run to end");
    } catch (ExecutionException impossible) {
      throw new BackfillException("run ended abnormally", impossible.getCause());
    }
  }

  @Override
  public Optional<BackfillResult> await(Duration timeout) {
    try {
      return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException notYet) {
      return Optional.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while waiting for the run to end");
    } catch (ExecutionException impossible) {
      throw new BackfillException("run ended abnormally", impossible.getCause());
    }
  }

  private void coordinate() {
    status = BackfillStatus.RUNNING;
    List<WorkResult> works = new ArrayList<>();
    BackfillException runError = null;
    ExecutorService pool = Executors.newFixedThreadPool(prepared.concurrency(), runnable -> {
      Thread thread = new Thread(runnable, "backfill-" + request.provider() + "-worker");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Resource> resources = cancellation.interruptibly(() -> lifecycle.resources(prepared, listing));
      List<Future<WorkResult>> futures = new ArrayList<>();
      for (Resource resource : resources) {
        for (String entityType : prepared.entityTypes) {
          Work work = new Work(lifecycle, prepared, resource, prepared.key(resource.id(), entityType), window, sink, listener,
              cancellation, permits, shares);
          futures.add(pool.submit(work::run));
        }
      }
      pool.shutdown();
      awaitWorkers(pool);
      for (Future<WorkResult> future : futures) {
        works.add(future.get());
      }
    } catch (BackfillException failed) {
      runError = failed;
    } catch (InterruptedException | ExecutionException | RuntimeException unexpected) {
      runError = prepared.http.redactor().wrap("run of " + request.provider() + " connection " + request.connectionId()
          + " ended abnormally", unexpected);
    } finally {
      pool.shutdownNow();
    }
    finish(works, runError);
  }

  private void awaitWorkers(ExecutorService pool) throws InterruptedException {
    if (request.timeout().isEmpty()) {
      pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
      return;
    }
    Duration timeout = request.timeout().get();
    long left = timeout.toNanos() - (System.nanoTime() - startedNanos);
    if (left <= 0 || !pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
      cancellation.cancel("run timed out after " + timeout);
      pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
  }

  private void finish(List<WorkResult> works, BackfillException runError) {
    BackfillStatus end;
    if (cancellation.isCancelled()) {
      end = BackfillStatus.CANCELLED;
    } else if (runError != null || works.stream().anyMatch(work -> work.status() != BackfillStatus.COMPLETED)) {
      end = BackfillStatus.FAILED;
    } else {
      end = BackfillStatus.COMPLETED;
    }
    if (end == BackfillStatus.CANCELLED && runError != null && !(runError instanceof BackfillCancelledException)) {
      runError = new BackfillCancelledException(cancellation.reason());
    }
    status = end;
    BackfillResult finished = BackfillResult.builder()
        .provider(request.provider())
        .connectionId(request.connectionId())
        .status(end)
        .window(window)
        .works(works)
        .resourceListing(listing.drainHttpCounts())
        .error(Optional.ofNullable(runError))
        .startedAt(startedAt)
        .finishedAt(lifecycle.clock().instant())
        .build();
    onFinish.run();
    result.complete(finished);
  }
}
