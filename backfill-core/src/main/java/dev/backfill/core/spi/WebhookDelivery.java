package dev.backfill.core.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** One webhook delivery as it arrived: its headers (names in any case) and its raw body. */
public final class WebhookDelivery {
  private final Map<String, String> headers;
  private final byte[] body;

  private WebhookDelivery(Map<String, String> headers, byte[] body) {
    TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    this.headers = byName;
    this.body = body.clone();
  }

  /** A delivery with these headers (the first value of each) and this exact body. */
  public static WebhookDelivery of(Map<String, String> headers, byte[] rawBody) {
    return new WebhookDelivery(Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(rawBody, "rawBody"));
  }

  /** The value of the header {@code name}, compared without regard to case. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The body exactly as received; signatures are computed over these bytes. */
  public byte[] body() {
    return body.clone();
  }
}
