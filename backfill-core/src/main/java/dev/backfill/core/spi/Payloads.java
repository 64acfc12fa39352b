package dev.backfill.core.spi;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.Redactor;
import dev.backfill.core.error.InvalidPayloadException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads fields of provider JSON (webhook payloads, list items) for transformers: required fields
 * that are missing or of the wrong type raise {@link InvalidPayloadException} naming the field.
 */
public final class Payloads {
  private static final ObjectReader STRICT = BackfillJson.newMapper().reader()
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Payloads() {}

  /**
   * A webhook delivery's raw body as a JSON object, parsed strictly: a key given twice in one
   * object (which a lenient parser resolves by keeping the last, so a signed {@code "action":
   * "opened"} could be followed by an unsigned-looking {@code "closed"}) and anything after the
   * object are refused.
   *
   * @param what names the delivery in the message, for example {@code "GitHub pull_request delivery"}
   * @throws InvalidPayloadException when the body is not exactly one JSON object without duplicate keys
   */
  public static ObjectNode webhookBody(byte[] rawBody, String what) {
    JsonNode body;
    try {
      body = STRICT.readTree(rawBody);
    } catch (IOException notJson) {
      String detail = notJson.getMessage() == null ? notJson.getClass().getSimpleName() : notJson.getMessage().lines().findFirst().orElse("");
      throw new InvalidPayloadException(what + " is not one valid JSON object: " + Redactor.printable(detail));
    }
    if (body == null || !body.isObject()) {
      throw new InvalidPayloadException(what + " is not a JSON object");
    }
    return (ObjectNode) body;
  }

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

  /**
   * The ISO-8601 instants at {@code field} of the items of {@code array} that have a readable one
   * (to see what span a page covers, say); items without are passed over, for the page's reading to
   * report.
   */
  public static List<Instant> instants(JsonNode array, String field) {
    List<Instant> instants = new ArrayList<>();
    for (JsonNode item : array) {
      try {
        instant(item, field).ifPresent(instants::add);
      } catch (InvalidPayloadException unreadable) {
        // Reported by whoever reads the item.
      }
    }
    return instants;
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
