package dev.backfill.core;

/**
 * A page cursor that its connector cannot read, typically from a checkpoint written by another
 * connector version or edited by hand. Delete that checkpoint to start the work over.
 */
public class InvalidCursorException extends BackfillException {
  public InvalidCursorException(String provider, String reason) {
    super(provider + ": unusable page cursor: " + reason);
  }
}
