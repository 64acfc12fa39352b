package dev.backfill.linear;

import dev.backfill.core.error.ProviderException;

/**
 * Linear answered a query with a GraphQL error other than a rate limit or an authentication
 * failure: the query itself is wrong, so it is not retryable.
 */
public class LinearGraphQlException extends ProviderException {
  private final String graphQlMessage;
  private final String path;

  /** Linear refused query {@code operation} with {@code graphQlMessage} at {@code path}. */
  public LinearGraphQlException(String operation, String graphQlMessage, String path) {
    super("linear", null, 0, "linear " + operation + " failed: " + graphQlMessage + (path.isEmpty() ? "" : " (at " + path + ")"), null);
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
