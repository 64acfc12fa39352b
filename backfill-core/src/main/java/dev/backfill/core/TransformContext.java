package dev.backfill.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a transformer needs to know about a delivery besides its payload: the provider's delivery
 * id, when it was received, and how it entered the host.
 *
 * <p>A backfill has no provider delivery id; its events get the deterministic id {@code
 * backfill:{sourceId}} (see {@link #deliveryIdFor(String)}), so a re-run yields the same ids.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTransformContext.class)
@JsonDeserialize(as = ImmutableTransformContext.class)
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public interface TransformContext {
  /** The provider's delivery id (for example GitHub's {@code X-GitHub-Delivery}); absent for a backfill. */
  Optional<String> deliveryId();

  /** When the delivery or the page was received. */
  Instant receivedAt();

  /** Where the event comes from. */
  IngestionSource ingestionSource();

  /**
   * The delivery id an event with this sourceId gets in this context: the provider's id when there
   * is one, otherwise {@code {ingestion source}:{sourceId}}, for a backfill {@code backfill:{sourceId}}.
   */
  default String deliveryIdFor(String sourceId) {
    return deliveryId()
        .orElseGet(() -> ingestionSource().name().toLowerCase(Locale.ROOT) + ":" + sourceId);
  }

  /**
   * A builder for an event of this delivery, already carrying its source, sourceType, sourceId,
   * {@linkplain #deliveryIdFor(String) delivery id} and ingestion source; a transformer adds the rest.
   */
  default SourceEvent.Builder event(String source, String sourceType, String sourceId) {
    return SourceEvent.builder()
        .source(source)
        .sourceType(sourceType)
        .sourceId(sourceId)
        .deliveryId(deliveryIdFor(sourceId))
        .ingestionSource(ingestionSource());
  }

  /** A context for a webhook delivery. */
  static TransformContext webhook(String deliveryId, Instant receivedAt) {
    return ImmutableTransformContext.builder()
        .deliveryId(deliveryId)
        .receivedAt(receivedAt)
        .ingestionSource(IngestionSource.WEBHOOK)
        .build();
  }

  /** A context for a backfilled list item, whose delivery id derives from its sourceId. */
  static TransformContext backfill(Instant receivedAt) {
    return ImmutableTransformContext.builder()
        .receivedAt(receivedAt)
        .ingestionSource(IngestionSource.BACKFILL)
        .build();
  }
}
