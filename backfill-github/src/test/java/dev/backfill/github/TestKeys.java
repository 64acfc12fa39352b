package dev.backfill.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA keys generated at test time, in the PEM forms GitHub hands out (PKCS#1) and PKCS#8. */
final class TestKeys {
  static final KeyPair PAIR = generate();

  private TestKeys() {}

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pkcs8Pem() {
    return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
  }

  /** The PKCS#1 RSAPrivateKey inside the PKCS#8 PrivateKeyInfo, as GitHub issues it. */
  static String pkcs1Pem() {
    byte[] der = PAIR.getPrivate().getEncoded();
    int[] at = {0};
    readHeader(der, at);
    at[0] += skip(der, at[0]);
    at[0] += skip(der, at[0]);
    int length = readHeader(der, at);
    return pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, at[0], at[0] + length));
  }

  /** Reads a tag and length at {@code at[0]}, leaves {@code at[0]} at the content, returns its length. */
  private static int readHeader(byte[] der, int[] at) {
    at[0]++;
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }

  /** The whole size of the element at {@code offset}. */
  private static int skip(byte[] der, int offset) {
    int[] at = {offset};
    int length = readHeader(der, at);
    return at[0] - offset + length;
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
