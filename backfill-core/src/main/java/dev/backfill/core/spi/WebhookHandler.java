package dev.backfill.core.spi;

import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a provider's webhook deliveries are verified and turned into events, the same way for
 * every provider, so hosts and tools need no provider-specific code. A connector offers one with
 * {@link ConnectorDescriptor#webhooks()} in its {@link BackfillConnector#descriptor() descriptor}.
 */
public interface WebhookHandler {
  /** The header that names the delivery's event or resource, when the provider sends one (for example {@code X-GitHub-Event}). */
  Optional<String> eventHeader();

  /** The header that carries the signature. */
  String signatureHeader();

  /** The header that carries a timestamp checked for freshness, when the provider sends it in a header. */
  default Optional<String> timestampHeader() {
    return Optional.empty();
  }

  /** How far a delivery's timestamp may be from now by default; zero when the provider sends none. */
  default Duration defaultTolerance() {
    return Duration.ZERO;
  }

  /**
   * Whether the delivery is authentic, and fresh within {@code tolerance} of {@code now} where the
   * provider dates its deliveries (a replayed delivery is refused). Constant-time.
   *
   * @throws IllegalArgumentException when {@code secret} is empty, a setup mistake
   */
  boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance);

  /**
   * The event of a delivery, or empty for an event type this connector does not handle.
   *
   * @throws dev.backfill.core.error.InvalidPayloadException when the body is not one JSON object or
   *     lacks what the event needs
   */
  Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context);
}
