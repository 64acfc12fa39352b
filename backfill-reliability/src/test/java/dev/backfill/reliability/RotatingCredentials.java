package dev.backfill.reliability;

import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands out {@code reliability-token-1}, and the next number after each invalidation. */
final class RotatingCredentials implements CredentialProvider {
  static final String PREFIX = "reliability-token-";

  final AtomicInteger generation = new AtomicInteger(1);
  final AtomicInteger invalidations = new AtomicInteger();

  @Override
  public Credential credential(String connectionId) {
    return Credential.of(PREFIX + generation.get());
  }

  @Override
  public synchronized void invalidate(String connectionId, Credential rejected) {
    if (rejected.secret().equals(PREFIX + generation.get())) {
      invalidations.incrementAndGet();
      generation.incrementAndGet();
    }
  }
}
