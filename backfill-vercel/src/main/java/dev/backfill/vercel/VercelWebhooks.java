package dev.backfill.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.InvalidPayloadException;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.spi.Payloads;
import dev.backfill.vercel.internal.VercelTransformer;
import java.io.IOException;
import java.util.Optional;

/**
 * The webhook path for Vercel: verify {@code x-vercel-signature}, then transform a deployment
 * event into the same {@link SourceEvent} a backfill produces for that deployment.
 */
public final class VercelWebhooks {
  private static final ObjectMapper JSON = BackfillJson.newMapper();

  private VercelWebhooks() {}

  /**
   * Whether {@code signature} (the {@code x-vercel-signature} header) is the hex HMAC-SHA1 of the
   * raw body with the integration's client secret or the webhook secret. Constant-time.
   */
  public static boolean verifySignature(byte[] rawBody, String signature, String secret) {
    return HmacSignatures.matches("HmacSHA1", secret, rawBody, signature);
  }

  /**
   * Transforms a delivery as Vercel sent it; the event type is the envelope's {@code type}.
   *
   * @return the event, or empty for a type other than the deployment events
   * @throws InvalidPayloadException when the body is not a JSON envelope or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(byte[] rawBody, TransformContext context) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(rawBody);
    } catch (IOException notJson) {
      throw new InvalidPayloadException("Vercel delivery is not JSON: " + notJson.getMessage().lines().findFirst().orElse(""));
    }
    if (envelope == null || !envelope.isObject()) {
      throw new InvalidPayloadException("Vercel delivery is not a JSON object");
    }
    return transform(Payloads.requireText(envelope, "type"), envelope, context);
  }

  /** Transforms an envelope for the given event type, such as {@code deployment.succeeded}. */
  public static Optional<SourceEvent> transform(String eventType, JsonNode envelope, TransformContext context) {
    return VercelTransformer.transform(eventType, envelope, context);
  }
}
