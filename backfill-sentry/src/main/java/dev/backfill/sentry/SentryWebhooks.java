package dev.backfill.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.InvalidPayloadException;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.sentry.internal.SentryTransformer;
import java.io.IOException;
import java.util.Optional;

/**
 * The webhook path for Sentry's integration platform: verify {@code Sentry-Hook-Signature}, then
 * transform the delivery of the resource named by {@code Sentry-Hook-Resource} ({@code issue},
 * {@code error}, {@code event_alert}, {@code metric_alert}).
 */
public final class SentryWebhooks {
  private static final ObjectMapper JSON = BackfillJson.newMapper();

  private SentryWebhooks() {}

  /** Whether {@code signature} is the hex HMAC-SHA256 of the raw body with the client secret. Constant-time. */
  public static boolean verifySignature(byte[] rawBody, String signature, String clientSecret) {
    return HmacSignatures.matches("HmacSHA256", clientSecret, rawBody, signature);
  }

  /**
   * Transforms a delivery as Sentry sent it.
   *
   * @param resource the {@code Sentry-Hook-Resource} header
   * @return the event, or empty for a resource this connector does not handle (such as {@code installation})
   * @throws InvalidPayloadException when the body is not JSON or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(String resource, byte[] rawBody, TransformContext context) {
    JsonNode payload;
    try {
      payload = JSON.readTree(rawBody);
    } catch (IOException notJson) {
      throw new InvalidPayloadException("Sentry " + resource + " delivery is not JSON: " + notJson.getMessage().lines().findFirst().orElse(""));
    }
    if (payload == null || !payload.isObject()) {
      throw new InvalidPayloadException("Sentry " + resource + " delivery is not a JSON object");
    }
    return transform(resource, payload, context);
  }

  /** Transforms an already parsed delivery. */
  public static Optional<SourceEvent> transform(String resource, JsonNode payload, TransformContext context) {
    return SentryTransformer.transform(resource, payload, context);
  }
}
