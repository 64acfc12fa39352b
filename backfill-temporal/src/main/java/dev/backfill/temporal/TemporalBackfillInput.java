package dev.backfill.temporal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.backfill.core.run.Depth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What a backfill workflow runs: provider, connection, settings, the range of time (a depth, or
 * since and until, as in {@link dev.backfill.core.run.BackfillRequest}) and width. Only the parts
 * of the range a work has not covered are fetched. It carries no
 * credential: activities obtain one from the host's {@link CredentialResolver} by connection id,
 * since workflow inputs and histories are visible to every operator of the cluster.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTemporalBackfillInput.class)
@JsonDeserialize(as = ImmutableTemporalBackfillInput.class)
public interface TemporalBackfillInput {
  /** The provider's id. */
  String provider();

  /** The host's id of the connection. */
  String connectionId();

  /** Connector settings; never put a secret here. */
  Map<String, String> settings();

  /** How far back from {@link #until()} the requested range reaches, unless {@link #since()} is given; 30 days by default. */
  @Value.Default
  default Depth depth() {
    return Depth.DAYS_30;
  }

  /** Where the requested range starts; {@code until - depth} when absent. */
  Optional<Instant> since();

  /** Where the requested range ends, exclusive; the moment the run is planned when absent. */
  Optional<Instant> until();

  /** Entity types; empty means the connector's defaults. */
  List<String> entityTypes();

  /** Only these resource ids, when not empty. */
  Set<String> resourceIds();

  /** How many (resource, entity type) child workflows run at once. */
  @Value.Default
  default int maxConcurrentWorks() {
    return 4;
  }

  /** Pages a child workflow fetches before it continues as new, keeping its history bounded. */
  @Value.Default
  default int pagesPerHistory() {
    return 500;
  }

  /**
   * How long one page activity may run before Temporal gives it to another worker: a worker lost
   * mid-page stalls that work for at most this long. Keep it above the HTTP client's own retries.
   */
  @Value.Default
  default Duration pageTimeout() {
    return Duration.ofMinutes(2);
  }

  /** Starts an input. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TemporalBackfillInput}. */
  final class Builder extends ImmutableTemporalBackfillInput.Builder {}

  /** Refuses counts below one and a page timeout that is not positive. */
  @Value.Check
  default void check() {
    if (maxConcurrentWorks() < 1 || pagesPerHistory() < 1) {
      throw new IllegalArgumentException("maxConcurrentWorks and pagesPerHistory must be at least 1");
    }
    if (pageTimeout().isNegative() || pageTimeout().isZero()) {
      throw new IllegalArgumentException("pageTimeout must be positive, was " + pageTimeout());
    }
  }
}
