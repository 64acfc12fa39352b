package dev.backfill.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import dev.backfill.sentry.internal.SentryTransformer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The webhook path for Sentry's integration platform: verify {@code Sentry-Hook-Signature} and
 * {@code Sentry-Hook-Timestamp}, then
 * transform the delivery of the resource named by {@code Sentry-Hook-Resource} ({@code issue},
 * {@code error}, {@code event_alert}, {@code metric_alert}).
 */
public final class SentryWebhooks {
  private SentryWebhooks() {}

  /** How far {@code Sentry-Hook-Timestamp} may be from now by default. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /**
   * Whether a delivery is authentic and recent: {@code signature} ({@code Sentry-Hook-Signature})
   * is the hex HMAC-SHA256 of the raw body with the client secret, compared in constant time, and
   * {@code timestamp} ({@code Sentry-Hook-Timestamp}, epoch seconds) is within {@code tolerance} of
   * {@code now}. Sentry does not sign the timestamp, so the second check only stops a replay that
   * keeps the original headers; dedupe deliveries on {@code Request-ID} as well.
   *
   * @throws IllegalArgumentException when {@code clientSecret} is null or empty, a setup mistake
   *     rather than a forged delivery
   */
  public static boolean verify(byte[] rawBody, String signature, String timestamp, String clientSecret, Instant now,
      Duration tolerance) {
    return verifySignature(rawBody, signature, clientSecret) && isFresh(timestamp, now, tolerance);
  }

  static boolean verifySignature(byte[] rawBody, String signature, String clientSecret) {
    return HmacSignatures.matches("HmacSHA256", clientSecret, rawBody, signature);
  }

  /** Whether {@code timestamp}, whole or fractional epoch seconds, is within {@code tolerance} of {@code now}. */
  static boolean isFresh(String timestamp, Instant now, Duration tolerance) {
    if (timestamp == null) {
      return false;
    }
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(timestamp.trim());
    } catch (NumberFormatException notANumber) {
      return false;
    }
    BigDecimal age = seconds.subtract(BigDecimal.valueOf(now.toEpochMilli(), 3)).abs();
    return age.compareTo(BigDecimal.valueOf(tolerance.toMillis(), 3)) <= 0;
  }

  /**
   * Transforms a delivery as Sentry sent it.
   *
   * @param resource the {@code Sentry-Hook-Resource} header
   * @return the event, or empty for a resource this connector does not handle (such as {@code installation})
   * @throws InvalidPayloadException when the body is not one JSON object (duplicate keys and trailing text included) or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(String resource, byte[] rawBody, TransformContext context) {
    JsonNode payload = Payloads.webhookBody(rawBody, "Sentry " + resource + " delivery");
    return transform(resource, payload, context);
  }

  /** Transforms an already parsed delivery. */
  public static Optional<SourceEvent> transform(String resource, JsonNode payload, TransformContext context) {
    return SentryTransformer.transform(resource, payload, context);
  }

  /**
   * These webhooks behind the provider-neutral {@link WebhookHandler}: the resource from {@code
   * Sentry-Hook-Resource}, the signature from {@code Sentry-Hook-Signature}, freshness from {@code
   * Sentry-Hook-Timestamp} ({@link #DEFAULT_TOLERANCE} by default).
   */
  public static WebhookHandler handler() {
    return new WebhookHandler() {
      @Override
      public Optional<String> eventHeader() {
        return Optional.of("Sentry-Hook-Resource");
      }

      @Override
      public String signatureHeader() {
        return "Sentry-Hook-Signature";
      }

      @Override
      public Optional<String> timestampHeader() {
        return Optional.of("Sentry-Hook-Timestamp");
      }

      @Override
      public Duration defaultTolerance() {
        return DEFAULT_TOLERANCE;
      }

      @Override
      public boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance) {
        return SentryWebhooks.verify(delivery.body(), delivery.header(signatureHeader()).orElse(null),
            delivery.header("Sentry-Hook-Timestamp").orElse(null), secret, now, tolerance);
      }

      @Override
      public Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context) {
        String resource = delivery.header("Sentry-Hook-Resource")
            .orElseThrow(() -> new InvalidPayloadException("a Sentry delivery names its resource in Sentry-Hook-Resource, which is missing"));
        return SentryWebhooks.transform(resource, delivery.body(), context);
      }
    };
  }
}
