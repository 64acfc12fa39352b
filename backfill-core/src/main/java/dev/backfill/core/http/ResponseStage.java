package dev.backfill.core.http;

import java.net.http.HttpHeaders;

/**
 * A provider's own step in its connection's HTTP client, supplied by its connector through {@link
 * HttpProfile#stages()}: it sees each raw answer before the client's stages judge it, and says
 * what the answer means where the provider's API departs from plain HTTP (a GraphQL API reporting
 * an authentication failure or a rate limit in a 200's body, a 403 that is a rate limit, a header
 * announcing how many requests may be in flight). The first stage with a verdict other than {@link
 * Verdict#AS_IS} decides.
 */
@FunctionalInterface
public interface ResponseStage {
  /** What an answer means to the client. */
  enum Verdict {
    /** Judge the answer by its status: 401 refused, the policy's throttle statuses, 5xx transient, other non-2xx an error. */
    AS_IS,
    /** An answer for the connector to read whatever its status, such as GraphQL errors in a 400. */
    PASS_THROUGH,
    /** The credential was refused: refresh it once and try again. */
    UNAUTHORIZED,
    /** A throttle: wait as the rate-limit policy says, then try again. */
    THROTTLED
  }

  /** What the connection's client lets a stage change. */
  interface ConnectionLimits {
    /** Holds the connection's requests in flight at or below {@code maxInFlight} from the next request on. */
    void announceConcurrency(int maxInFlight);
  }

  /**
   * @param body the start of the answer's body as text (up to 64 KiB)
   */
  Verdict judge(int status, HttpHeaders headers, String body, ConnectionLimits limits);
}
