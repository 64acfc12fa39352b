package dev.backfill.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.spi.Payloads;
import dev.backfill.vercel.internal.VercelTransformer;
import java.util.Optional;

/**
 * The webhook path for Vercel: verify {@code x-vercel-signature}, then transform a deployment
 * event into the same {@link SourceEvent} a backfill produces for that deployment.
 */
public final class VercelWebhooks {
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
   * @throws InvalidPayloadException when the body is not one JSON object (duplicate keys and trailing text included) or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(byte[] rawBody, TransformContext context) {
    JsonNode envelope = Payloads.webhookBody(rawBody, "Vercel delivery");
    return transform(Payloads.requireText(envelope, "type"), envelope, context);
  }

  /** Transforms an envelope for the given event type, such as {@code deployment.succeeded}. */
  public static Optional<SourceEvent> transform(String eventType, JsonNode envelope, TransformContext context) {
    return VercelTransformer.transform(eventType, envelope, context);
  }
}
