package dev.backfill.core.run;

import dev.backfill.core.spi.RateLimitStatus;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.state.CheckpointKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Progress of a run, for progress bars and metrics. Methods are called from worker threads, so
 * implementations must be thread-safe and quick. Events about listing resources use a key whose
 * entity type is {@value #RESOURCES}.
 */
public interface BackfillListener {
  /** The entity type of keys that report work on listing the connection's resources. */
  String RESOURCES = "(resources)";

  /** A listener that does nothing. */
  BackfillListener NONE = new BackfillListener() {};

  /**
   * One listener that passes every call to each of {@code listeners} in turn, such as metrics and
   * a host's own progress reporting; one that throws is logged and skipped, the others still called.
   */
  static BackfillListener all(BackfillListener... listeners) {
    return new SafeListener(List.of(listeners));
  }

  /** A page was fetched; {@code estimatedTotalPages} when the provider gave a count. */
  default void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, OptionalLong estimatedTotalPages) {}

  /** The sink accepted {@code events} events of page {@code pageNumber}. */
  default void eventsDispatched(CheckpointKey key, long pageNumber, int events) {}

  /** A list item was not turned into an event. */
  default void itemSkipped(CheckpointKey key, SkippedItem item) {}

  /** The work pauses until {@code until} for the provider's budget, a throttle or the client ceiling. */
  default void waitingForRateLimit(CheckpointKey key, Instant until, String reason) {}

  /** A request to the provider leaves; {@link #requestEnded} follows it, whatever happens. */
  default void requestSent(CheckpointKey key) {}

  /**
   * A request ended: {@code status} is the HTTP status of its answer, empty when no answer arrived
   * (the connection failed, timed out, or the body was over the size cap).
   */
  default void requestEnded(CheckpointKey key, OptionalInt status) {}

  /** An answer announced the connection's request budget. */
  default void budgetReported(CheckpointKey key, RateLimitStatus budget) {}

  /** A failed request will be retried after {@code delay}. */
  default void retrying(CheckpointKey key, int failedAttempt, String reason, Duration delay) {}

  /** One (resource, entity type) finished, however it ended. */
  default void workDone(WorkResult result) {}
}
