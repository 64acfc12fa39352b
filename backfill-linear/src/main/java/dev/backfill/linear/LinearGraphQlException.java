package dev.backfill.linear;

import dev.backfill.core.BackfillException;

/** Linear answered a query with a GraphQL error other than a rate limit or an authentication failure. */
public class LinearGraphQlException extends BackfillException {
  private final String graphQlMessage;
  private final String path;

  public LinearGraphQlException(String operation, String graphQlMessage, String path) {
    super("linear " + operation + " failed: " + graphQlMessage + (path.isEmpty() ? "" : " (at " + path + ")"));
    this.graphQlMessage = graphQlMessage;
    this.path = path;
  }

  /** The error's {@code message}. */
  public String graphQlMessage() {
    return graphQlMessage;
  }

  /** The error's {@code path}, joined with dots; empty when it had none. */
  public String path() {
    return path;
  }
}
