package dev.backfill.core.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/**
 * What the work on one (resource, entity type) has done so far, summed over every run that
 * resumed it: a failed or cancelled run adds to these, it never replaces them.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableWorkCounts.class)
@JsonDeserialize(as = ImmutableWorkCounts.class)
public abstract class WorkCounts {
  private static final WorkCounts ZERO = WorkCounts.builder().build();

  WorkCounts() {}

  /** Pages fetched and delivered. */
  @Value.Default
  public long pages() {
    return 0;
  }

  /** Events delivered to the sink. */
  @Value.Default
  public long events() {
    return 0;
  }

  /** Raw list items seen on delivered pages. */
  @Value.Default
  public long itemsSeen() {
    return 0;
  }

  /** Items skipped (malformed, action not inferable). */
  @Value.Default
  public long skipped() {
    return 0;
  }

  /** HTTP requests sent, retries included. */
  @Value.Default
  public long requests() {
    return 0;
  }

  /** Attempts retried after a 5xx, connection failure, timeout or unparseable body. */
  @Value.Default
  public long retries() {
    return 0;
  }

  /** Pauses for the provider's budget, a throttle or the client-side ceiling. */
  @Value.Default
  public long rateLimitWaits() {
    return 0;
  }

  /** Credentials refreshed after a 401. */
  @Value.Default
  public long credentialRefreshes() {
    return 0;
  }

  /** All counts zero. */
  public static WorkCounts zero() {
    return ZERO;
  }

  /** Starts counts, each zero. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WorkCounts}. */
  public static final class Builder extends ImmutableWorkCounts.Builder {}

  /** What was done since {@code earlier}, counts of the same work taken before these: the field-wise difference. */
  public WorkCounts since(WorkCounts earlier) {
    return builder()
        .pages(pages() - earlier.pages())
        .events(events() - earlier.events())
        .itemsSeen(itemsSeen() - earlier.itemsSeen())
        .skipped(skipped() - earlier.skipped())
        .requests(requests() - earlier.requests())
        .retries(retries() - earlier.retries())
        .rateLimitWaits(rateLimitWaits() - earlier.rateLimitWaits())
        .credentialRefreshes(credentialRefreshes() - earlier.credentialRefreshes())
        .build();
  }

  /** The field-wise sum of this and {@code other}. */
  public WorkCounts plus(WorkCounts other) {
    return builder()
        .pages(pages() + other.pages())
        .events(events() + other.events())
        .itemsSeen(itemsSeen() + other.itemsSeen())
        .skipped(skipped() + other.skipped())
        .requests(requests() + other.requests())
        .retries(retries() + other.retries())
        .rateLimitWaits(rateLimitWaits() + other.rateLimitWaits())
        .credentialRefreshes(credentialRefreshes() + other.credentialRefreshes())
        .build();
  }
}
