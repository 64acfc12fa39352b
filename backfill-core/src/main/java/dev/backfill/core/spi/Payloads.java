package dev.backfill.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.InvalidPayloadException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads fields of provider JSON (webhook payloads, list items) for transformers: required fields
 * that are missing or of the wrong type raise {@link InvalidPayloadException} naming the field.
 */
public final class Payloads {
  private Payloads() {}

  /** The object at {@code field}. */
  public static JsonNode requireObject(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isObject()) {
      throw new InvalidPayloadException("field '" + field + "' is missing or not an object");
    }
    return value;
  }

  /** {@code node} itself as an object, for list items and nodes that must be one. */
  public static ObjectNode requireObject(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidPayloadException("expected a JSON object, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return (ObjectNode) node;
  }

  /** The non-empty string at {@code field}. */
  public static String requireText(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new InvalidPayloadException("field '" + field + "' is missing or not a non-empty string");
    }
    return value.asText();
  }

  /** The integer at {@code field}. */
  public static long requireLong(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new InvalidPayloadException("field '" + field + "' is missing or not an integer");
    }
    return value.asLong();
  }

  /** The string at {@code field}, empty when missing, null or not a string. */
  public static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** The ISO-8601 instant at {@code field}, empty when missing or null. */
  public static Optional<Instant> instant(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IsoInstant.parse(value.asText()));
    } catch (DateTimeParseException unreadable) {
      throw new InvalidPayloadException("field '" + field + "' is not an ISO-8601 instant: '" + abbreviate(value.asText()) + "'");
    }
  }

  /** The ISO-8601 instant at {@code field}. */
  public static Instant requireInstant(JsonNode node, String field) {
    return instant(node, field).orElseThrow(() -> new InvalidPayloadException("field '" + field + "' is missing"));
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
