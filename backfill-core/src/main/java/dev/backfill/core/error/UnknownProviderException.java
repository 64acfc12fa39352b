package dev.backfill.core.error;

import java.util.Set;

/** No connector for the requested provider id was found on the class path or module path. */
public class UnknownProviderException extends BackfillException {
  private final Set<String> available;

  /** No connector of {@code requested} was found; {@code available} lists those that were. */
  public UnknownProviderException(String requested, Set<String> available) {
    super("no connector for provider '" + requested + "'; found: "
        + (available.isEmpty() ? "none (add a backfill-<provider> module to the class path)" : String.join(", ", available)));
    this.available = Set.copyOf(available);
  }

  /** The provider ids that were found. */
  public Set<String> available() {
    return available;
  }
}
