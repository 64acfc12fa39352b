package dev.backfill.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.InvalidPayloadException;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.linear.internal.LinearTransformer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The webhook path for Linear: verify {@code Linear-Signature} and the freshness of {@code
 * webhookTimestamp}, then transform Issue, Comment, Project, Cycle and ProjectUpdate deliveries.
 */
public final class LinearWebhooks {
  /** How old a delivery may be by default, as Linear advises. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = BackfillJson.newMapper();

  private LinearWebhooks() {}

  /** Whether {@code signature} is the hex HMAC-SHA256 of the raw body with the webhook secret. Constant-time. */
  public static boolean verifySignature(byte[] rawBody, String signature, String secret) {
    return HmacSignatures.matches("HmacSHA256", secret, rawBody, signature);
  }

  /**
   * Whether the delivery's {@code webhookTimestamp} (epoch milliseconds) is within {@code tolerance}
   * of {@code now}, either way; false when it is missing.
   */
  public static boolean isFresh(byte[] rawBody, Instant now, Duration tolerance) {
    JsonNode timestamp = parse(rawBody).path("webhookTimestamp");
    if (!timestamp.isIntegralNumber()) {
      return false;
    }
    Duration age = Duration.between(Instant.ofEpochMilli(timestamp.asLong()), now).abs();
    return age.compareTo(tolerance) <= 0;
  }

  /** A signed and fresh delivery: both checks together. */
  public static boolean verify(byte[] rawBody, String signature, String secret, Instant now, Duration tolerance) {
    return verifySignature(rawBody, signature, secret) && isFresh(rawBody, now, tolerance);
  }

  /**
   * Transforms a delivery as Linear sent it.
   *
   * @return the event, or empty for an entity type this connector does not handle (such as {@code Reaction})
   * @throws InvalidPayloadException when the body is not a JSON envelope or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(byte[] rawBody, TransformContext context) {
    return transform(parse(rawBody), context);
  }

  /** Transforms an already parsed envelope. */
  public static Optional<SourceEvent> transform(JsonNode envelope, TransformContext context) {
    return LinearTransformer.transform(envelope, context);
  }

  private static JsonNode parse(byte[] rawBody) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(rawBody);
    } catch (IOException notJson) {
      throw new InvalidPayloadException("Linear delivery is not JSON: " + notJson.getMessage().lines().findFirst().orElse(""));
    }
    if (envelope == null || !envelope.isObject()) {
      throw new InvalidPayloadException("Linear delivery is not a JSON object");
    }
    return envelope;
  }
}
