package dev.backfill.core.run;

import dev.backfill.core.spi.CredentialProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What to backfill: which provider and connection, with which credentials, which range of time
 * (a depth back from now, or explicit {@code since} and {@code until}), and how wide. Only the
 * parts of the range a work has not covered yet are fetched.
 */
@Value.Immutable
public interface BackfillRequest {
  /** The provider id of the connector, for example {@code github}. */
  String provider();

  /** The host's id of the connection; part of every checkpoint key. */
  String connectionId();

  /** Supplies the connection's credential; never stored or printed. */
  @Value.Redacted
  CredentialProvider credentials();

  /** Connector-specific settings, for example the repositories or API base URL. */
  Map<String, String> settings();

  /** How far back from {@link #until()} the requested range reaches, unless {@link #since()} is given; 30 days by default. */
  @Value.Default
  default Depth depth() {
    return Depth.DAYS_30;
  }

  /** Where the requested range starts; {@code until - depth} when absent. Rounded down to the second. */
  Optional<Instant> since();

  /** Where the requested range ends, exclusive; the moment the run starts when absent. Rounded down to the second. */
  Optional<Instant> until();

  /** The entity types to backfill; empty means the connector's defaults. */
  List<String> entityTypes();

  /** Only these resource ids, when not empty. */
  Set<String> resourceIds();

  /**
   * How many (resource, entity type) works of this run may run at once; by default as many as the
   * connection may have requests in flight (its {@code maxConcurrentRequests}, or 4 when the
   * connector sets none), since the connection's limit, not the works, bounds the requests.
   */
  OptionalInt concurrency();

  /** Bounds on each (resource, entity type) against a broken or hostile provider. */
  @Value.Default
  default WorkLimits limits() {
    return WorkLimits.DEFAULTS;
  }

  /** Cancels the run when it takes longer than this; the run then ends CANCELLED. */
  Optional<Duration> timeout();

  /** Starts a request. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BackfillRequest}. */
  final class Builder extends ImmutableBackfillRequest.Builder {}

  /** Refuses a concurrency below one and a timeout that is not positive. */
  @Value.Check
  default void check() {
    if (concurrency().isPresent() && concurrency().getAsInt() < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency().getAsInt());
    }
    if (timeout().isPresent() && (timeout().get().isNegative() || timeout().get().isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout().get());
    }
    if (since().isPresent() && until().isPresent() && !since().get().isBefore(until().get())) {
      throw new IllegalArgumentException("since " + since().get() + " must be before until " + until().get());
    }
    if (connectionId().isBlank()) {
      throw new IllegalArgumentException("connectionId must not be blank");
    }
  }
}
