package dev.backfill.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import dev.backfill.github.internal.GitHubTransformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The webhook path for GitHub: verify a delivery's {@code X-Hub-Signature-256}, then transform it
 * into the same {@link SourceEvent} a backfill produces for that entity state. Handles the {@code
 * pull_request}, {@code issues}, {@code release} and {@code push} events.
 */
public final class GitHubWebhooks {
  private static final String PREFIX = "sha256=";

  private GitHubWebhooks() {}

  /**
   * Whether {@code signatureHeader} (the {@code X-Hub-Signature-256} value, {@code sha256=<hex>})
   * is the HMAC-SHA256 of the raw body with the webhook secret. Constant-time; false for anything
   * malformed.
   */
  public static boolean verifySignature(byte[] rawBody, String signatureHeader, String secret) {
    if (signatureHeader == null || !signatureHeader.startsWith(PREFIX)) {
      return false;
    }
    return HmacSignatures.matches("HmacSHA256", secret, rawBody, signatureHeader.substring(PREFIX.length()));
  }

  /**
   * Transforms a delivery as GitHub sent it.
   *
   * @param eventName the {@code X-GitHub-Event} header
   * @return the event, or empty for an event type this connector does not handle (such as {@code ping})
   * @throws InvalidPayloadException when the body is not one JSON object (duplicate keys and trailing text included) or lacks what the event needs
   */
  public static Optional<SourceEvent> transform(String eventName, byte[] rawBody, TransformContext context) {
    JsonNode payload = Payloads.webhookBody(rawBody, "GitHub " + eventName + " delivery");
    return transform(eventName, payload, context);
  }

  /** Transforms an already parsed delivery; see {@link #transform(String, byte[], TransformContext)}. */
  public static Optional<SourceEvent> transform(String eventName, JsonNode payload, TransformContext context) {
    return GitHubTransformer.transform(eventName, payload, context);
  }

  /**
   * These webhooks behind the provider-neutral {@link WebhookHandler}: the event from {@code
   * X-GitHub-Event}, the signature from {@code X-Hub-Signature-256}. GitHub dates no delivery, so
   * the tolerance is not used; dedupe on {@code X-GitHub-Delivery}.
   */
  public static WebhookHandler handler() {
    return new WebhookHandler() {
      @Override
      public Optional<String> eventHeader() {
        return Optional.of("X-GitHub-Event");
      }

      @Override
      public String signatureHeader() {
        return "X-Hub-Signature-256";
      }

      @Override
      public boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance) {
        return verifySignature(delivery.body(), delivery.header(signatureHeader()).orElse(null), secret);
      }

      @Override
      public Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context) {
        String event = delivery.header("X-GitHub-Event")
            .orElseThrow(() -> new InvalidPayloadException("a GitHub delivery names its event in X-GitHub-Event, which is missing"));
        return GitHubWebhooks.transform(event, delivery.body(), context);
      }
    };
  }
}
