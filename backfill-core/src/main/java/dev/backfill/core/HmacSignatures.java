package dev.backfill.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the hex HMAC signatures providers put on webhook deliveries (GitHub, Vercel, Linear,
 * Sentry), comparing in constant time. Never throws for a malformed or missing signature; it just
 * does not match. A missing secret is a setup mistake and throws.
 */
public final class HmacSignatures {
  private HmacSignatures() {}

  /**
   * Whether {@code signatureHex} is the hex HMAC of {@code body} with {@code secret}.
   *
   * @param algorithm a JCA MAC name such as {@code HmacSHA256} or {@code HmacSHA1}
   * @throws IllegalArgumentException when {@code secret} is null or empty
   */
  public static boolean matches(String algorithm, String secret, byte[] body, String signatureHex) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty; no delivery can be verified without it");
    }
    if (body == null || signatureHex == null) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHex.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(algorithm, secret, body), given);
  }

  /** The HMAC of {@code body} with {@code secret}, as lower-case hex; for tests and fakes that sign deliveries. */
  public static String sign(String algorithm, String secret, byte[] body) {
    return HexFormat.of().formatHex(hmac(algorithm, secret, body));
  }

  private static byte[] hmac(String algorithm, String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalArgumentException("unsupported MAC algorithm " + algorithm, e);
    }
  }
}
