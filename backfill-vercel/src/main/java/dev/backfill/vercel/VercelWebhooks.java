package dev.backfill.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import dev.backfill.vercel.internal.VercelTransformer;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * These webhooks behind the provider-neutral {@link WebhookHandler}: the event type from the
   * body, the signature from {@code x-vercel-signature}. Vercel dates no delivery, so the tolerance
   * is not used.
   */
  public static WebhookHandler handler() {
    return new WebhookHandler() {
      @Override
      public Optional<String> eventHeader() {
        return Optional.empty();
      }

      @Override
      public String signatureHeader() {
        return "x-vercel-signature";
      }

      @Override
      public boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance) {
        return verifySignature(delivery.body(), delivery.header(signatureHeader()).orElse(null), secret);
      }

      @Override
      public Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context) {
        return VercelWebhooks.transform(delivery.body(), context);
      }
    };
  }
}
