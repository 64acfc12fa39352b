package dev.backfill.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.immutables.value.Value;

/**
 * One event as the host ingests it, whether a webhook delivered it or a backfill reconstructed it.
 *
 * <p>Hosts dedup on {@link #sourceId()}: a backfilled list item and a webhook for the same entity
 * state carry the same sourceId. Titles longer than {@value #MAX_TITLE_LENGTH} characters are cut
 * and end with an ellipsis. Instances are immutable; {@link #metadata()} returns a copy.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableSourceEvent.class)
@JsonDeserialize(as = ImmutableSourceEvent.class)
@JsonPropertyOrder({
  "source", "sourceType", "sourceId", "title", "body", "actor", "occurredAt", "references",
  "metadata", "deliveryId", "ingestionSource"
})
public abstract class SourceEvent {
  /** The longest title an event carries, in characters (Unicode code points). */
  public static final int MAX_TITLE_LENGTH = 120;

  private static final String ELLIPSIS = "\u2026";

  SourceEvent() {}

  /** The provider id, for example {@code github}. */
  public abstract String source();

  /** The kind of entity, for example {@code pull_request}. */
  public abstract String sourceType();

  /** The dedup key of the contract, for example {@code pr:acme/api#123:merged}. */
  public abstract String sourceId();

  /** A one-line title, such as a pull request's. */
  public abstract String title();

  /** The entity's text (markdown as the provider stores it); empty when it has none. */
  @Value.Default
  public String body() {
    return "";
  }

  /** Who caused the event. */
  public abstract SourceActor actor();

  /** When the state this event describes came about, as the provider recorded it. */
  public abstract Instant occurredAt();

  /** The entities the event refers to: commits, branches, issues, labels, people. */
  public abstract List<SourceReference> references();

  /** Provider-specific fields as a JSON object. Each call returns a fresh copy. */
  public ObjectNode metadata() {
    return metadataNode().deepCopy();
  }

  @JsonProperty("metadata")
  @Value.Default
  ObjectNode metadataNode() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** The delivery's id; for a backfilled event {@code backfill:{sourceId}}. */
  public abstract String deliveryId();

  /** Whether the event came from a webhook, a backfill or elsewhere. */
  public abstract IngestionSource ingestionSource();

  @Value.Check
  SourceEvent normalize() {
    String title = title();
    if (title.codePointCount(0, title.length()) <= MAX_TITLE_LENGTH) {
      return this;
    }
    int end = title.offsetByCodePoints(0, MAX_TITLE_LENGTH - 1);
    return ImmutableSourceEvent.copyOf(this).withTitle(title.substring(0, end) + ELLIPSIS);
  }

  /** A builder whose {@link Builder#metadata(ObjectNode)} copies the node it is given. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SourceEvent}; every field but body, references and metadata is required. */
  public static final class Builder extends ImmutableSourceEvent.Builder {
    Builder() {}

    /** Sets the metadata to a copy of {@code metadata}, so later changes to it do not leak in. */
    public Builder metadata(ObjectNode metadata) {
      metadataNode(metadata.deepCopy());
      return this;
    }
  }
}
