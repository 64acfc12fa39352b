package dev.backfill.core.run;

import dev.backfill.core.spi.CredentialProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What to backfill: which provider and connection, with which credentials, how deep, and how wide. */
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

  @Value.Default
  default Depth depth() {
    return Depth.DAYS_30;
  }

  /** The entity types to backfill; empty means the connector's defaults. */
  List<String> entityTypes();

  /** Only these resource ids, when not empty. */
  Set<String> resourceIds();

  /** How many (resource, entity type) workers of this run may run at once. */
  @Value.Default
  default int concurrency() {
    return 4;
  }

  /** Bounds on each (resource, entity type) against a broken or hostile provider. */
  @Value.Default
  default WorkLimits limits() {
    return WorkLimits.DEFAULTS;
  }

  /** Cancels the run when it takes longer than this; the run then ends CANCELLED. */
  Optional<Duration> timeout();

  static ImmutableBackfillRequest.Builder builder() {
    return ImmutableBackfillRequest.builder();
  }

  @Value.Check
  default void check() {
    if (concurrency() < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency());
    }
    if (timeout().isPresent() && (timeout().get().isNegative() || timeout().get().isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout().get());
    }
    if (connectionId().isBlank()) {
      throw new IllegalArgumentException("connectionId must not be blank");
    }
  }
}
