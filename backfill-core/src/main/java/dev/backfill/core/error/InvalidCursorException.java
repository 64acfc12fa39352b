package dev.backfill.core.error;

import java.util.Optional;

/**
 * A page cursor that its connector cannot read, typically from a checkpoint written by another
 * connector version or edited by hand. Delete that checkpoint to start the work over.
 */
public class InvalidCursorException extends BackfillException {
  private final String provider;

  /** A checkpoint's cursor that {@code provider}'s connector cannot read, and why. */
  public InvalidCursorException(String provider, String reason) {
    super(provider + ": unusable page cursor: " + reason);
    this.provider = provider;
  }

  @Override
  public Optional<String> provider() {
    return Optional.of(provider);
  }
}
