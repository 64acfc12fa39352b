package dev.backfill.core.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of the parts connectors put into request URLs (a path segment, a query value),
 * as RFC 3986 defines it: every byte of the value's UTF-8 form except the unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX}. So a space is {@code %20} and {@code +},
 * {@code /}, {@code &} and {@code =} are encoded too, in paths and queries alike; one helper for
 * every connector, unlike {@link java.net.URLEncoder}'s form encoding.
 */
public final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /** {@code value} ready to be one path segment or one query parameter value. */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
