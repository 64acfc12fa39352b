package dev.backfill.core.run;

import dev.backfill.core.spi.RateLimitStatus;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.state.CheckpointKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes events to a host's listeners in turn; a listener that throws is logged, never allowed to
 * stop the run nor the listeners after it.
 */
final class SafeListener implements BackfillListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

  private final List<BackfillListener> delegates;

  SafeListener(List<BackfillListener> delegates) {
    this.delegates = List.copyOf(delegates);
  }

  private void guarded(Consumer<BackfillListener> call) {
    for (BackfillListener delegate : delegates) {
      try {
        call.accept(delegate);
      } catch (RuntimeException e) {
        LOG.warn("backfill listener {} threw; ignoring it: {}", delegate.getClass().getName(), e.toString());
      }
    }
  }

  @Override
  public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, OptionalLong estimatedTotalPages) {
    guarded(delegate -> delegate.pageFetched(key, pageNumber, itemsSeen, estimatedTotalPages));
  }

  @Override
  public void eventsDispatched(CheckpointKey key, long pageNumber, int events) {
    guarded(delegate -> delegate.eventsDispatched(key, pageNumber, events));
  }

  @Override
  public void itemSkipped(CheckpointKey key, SkippedItem item) {
    guarded(delegate -> delegate.itemSkipped(key, item));
  }

  @Override
  public void waitingForRateLimit(CheckpointKey key, Instant until, String reason) {
    guarded(delegate -> delegate.waitingForRateLimit(key, until, reason));
  }

  @Override
  public void requestSent(CheckpointKey key) {
    guarded(delegate -> delegate.requestSent(key));
  }

  @Override
  public void requestEnded(CheckpointKey key, OptionalInt status) {
    guarded(delegate -> delegate.requestEnded(key, status));
  }

  @Override
  public void budgetReported(CheckpointKey key, RateLimitStatus budget) {
    guarded(delegate -> delegate.budgetReported(key, budget));
  }

  @Override
  public void retrying(CheckpointKey key, int failedAttempt, String reason, Duration delay) {
    guarded(delegate -> delegate.retrying(key, failedAttempt, reason, delay));
  }

  @Override
  public void workDone(WorkResult result) {
    guarded(delegate -> delegate.workDone(result));
  }
}
