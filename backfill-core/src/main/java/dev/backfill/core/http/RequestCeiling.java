package dev.backfill.core.http;

import java.time.Duration;
import org.immutables.value.Value;

/** A client-side cap on requests per period for one connection, whatever the provider allows. */
@Value.Immutable
public interface RequestCeiling {
  /** Requests allowed per period. */
  @Value.Parameter
  long requests();

  /** The period the requests are counted over. */
  @Value.Parameter
  Duration period();

  /** At most {@code requests} requests per {@code period}. */
  static RequestCeiling of(long requests, Duration period) {
    return ImmutableRequestCeiling.of(requests, period);
  }

  /** Refuses a ceiling of no request or of no period. */
  @Value.Check
  default void check() {
    if (requests() < 1 || period().isNegative() || period().isZero()) {
      throw new IllegalArgumentException("a request ceiling needs at least one request per positive period");
    }
  }
}
