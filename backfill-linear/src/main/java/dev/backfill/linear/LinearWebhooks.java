package dev.backfill.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import dev.backfill.linear.internal.LinearTransformer;
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

  private LinearWebhooks() {}

  /**
   * Whether a delivery is authentic and fresh: {@code signature} (the {@code Linear-Signature}
   * header) is the hex HMAC-SHA256 of the raw body with the webhook secret, compared in constant
   * time, and the signed {@code webhookTimestamp} is within {@code tolerance} of {@code now}, so a
   * captured delivery cannot be replayed later. False for a missing or unreadable timestamp.
   *
   * @throws IllegalArgumentException when {@code secret} is null or empty, a setup mistake rather
   *     than a forged delivery
   */
  public static boolean verify(byte[] rawBody, String signature, String secret, Instant now, Duration tolerance) {
    return verifySignature(rawBody, signature, secret) && isFresh(rawBody, now, tolerance);
  }

  static boolean verifySignature(byte[] rawBody, String signature, String secret) {
    return HmacSignatures.matches("HmacSHA256", secret, rawBody, signature);
  }

  /** Whether {@code webhookTimestamp} (epoch milliseconds, a whole number that fits a long) is within {@code tolerance} of {@code now}. */
  static boolean isFresh(byte[] rawBody, Instant now, Duration tolerance) {
    JsonNode timestamp = parse(rawBody).path("webhookTimestamp");
    if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
      return false;
    }
    long millis = timestamp.longValue();
    long nowMillis = now.toEpochMilli();
    long age = millis > nowMillis ? millis - nowMillis : nowMillis - millis;
    return age >= 0 && age <= tolerance.toMillis();
  }

  /**
   * Transforms a delivery as Linear sent it.
   *
   * @return the event, or empty for an entity type this connector does not handle (such as {@code Reaction})
   * @throws InvalidPayloadException when the body is not one JSON object (duplicate keys and trailing text included) or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(byte[] rawBody, TransformContext context) {
    return transform(parse(rawBody), context);
  }

  /** Transforms an already parsed envelope. */
  public static Optional<SourceEvent> transform(JsonNode envelope, TransformContext context) {
    return LinearTransformer.transform(envelope, context);
  }

  private static JsonNode parse(byte[] rawBody) {
    return Payloads.webhookBody(rawBody, "Linear delivery");
  }

  /**
   * These webhooks behind the provider-neutral {@link WebhookHandler}: the entity type from the
   * body, the signature from {@code Linear-Signature}, freshness from the signed {@code
   * webhookTimestamp} ({@link #DEFAULT_TOLERANCE} by default).
   */
  public static WebhookHandler handler() {
    return new WebhookHandler() {
      @Override
      public Optional<String> eventHeader() {
        return Optional.empty();
      }

      @Override
      public String signatureHeader() {
        return "Linear-Signature";
      }

      @Override
      public Duration defaultTolerance() {
        return DEFAULT_TOLERANCE;
      }

      @Override
      public boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance) {
        return LinearWebhooks.verify(delivery.body(), delivery.header(signatureHeader()).orElse(null), secret, now, tolerance);
      }

      @Override
      public Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context) {
        return LinearWebhooks.transform(delivery.body(), context);
      }
    };
  }
}
