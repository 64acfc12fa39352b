package dev.backfill.core.error;

/**
 * A (resource, entity type) passed one of its {@link dev.backfill.core.run.WorkLimits}: more pages
 * than any real history needs, a run of pages that added nothing, a page with more items than any
 * provider sends, or too many items skipped as malformed. These point at a broken or hostile
 * provider; the work stops with its checkpoint at the last good page. Not retried.
 */
public class WorkLimitExceededException extends BackfillException {
  /** An error naming the work and the limit it passed. */
  public WorkLimitExceededException(String message) {
    super(message);
  }
}
