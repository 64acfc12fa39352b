package dev.backfill.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret that authenticates requests of one connection, with its expiry when known. Its
 * {@link #toString()} never shows the secret, and it is deliberately not JSON-serialisable.
 *
 * <p>A secret must be visible ASCII (no space, line break, control, or non-ASCII character), as
 * every provider's tokens are: anything else cannot travel in an HTTP header, and is refused here
 * with a message that names the offending character's kind and position, never the value.
 */
public final class Credential {
  private final String secret;
  private final Instant expiresAt;

  private Credential(String secret, Instant expiresAt) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a credential needs a non-empty secret");
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("a credential secret may hold only visible ASCII characters, but character "
            + (i + 1) + " of " + secret.length() + " is " + kind(c) + "; check the token for a stray line break or pasted"
            + " invisible character");
      }
    }
    this.secret = secret;
    this.expiresAt = expiresAt;
  }

  private static String kind(char c) {
    if (c == '\n' || c == '\r') {
      return "a line break";
    }
    if (c == ' ' || Character.isSpaceChar(c)) {
      return "a space (U+" + String.format("%04X", (int) c) + ")";
    }
    if (Character.isISOControl(c)) {
      return "a control character (U+" + String.format("%04X", (int) c) + ")";
    }
    if (Character.getType(c) == Character.FORMAT) {
      return "an invisible formatting character (U+" + String.format("%04X", (int) c) + ")";
    }
    return "a non-ASCII character";
  }

  /**
   * A credential without a known expiry.
   *
   * @throws IllegalArgumentException when the secret is empty or holds anything but visible ASCII
   */
  public static Credential of(String secret) {
    return new Credential(secret, null);
  }

  /**
   * A credential the provider said expires at {@code expiresAt}.
   *
   * @throws IllegalArgumentException when the secret is empty or holds anything but visible ASCII
   */
  public static Credential expiring(String secret, Instant expiresAt) {
    return new Credential(secret, Objects.requireNonNull(expiresAt, "expiresAt"));
  }

  /** The secret itself, to put in an authorization header. Never log it. */
  public String secret() {
    return secret;
  }

  /** When the provider stops accepting the credential, if it said; the runner refreshes it before then. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Credential
        && ((Credential) other).secret.equals(secret)
        && Objects.equals(((Credential) other).expiresAt, expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secret, expiresAt);
  }

  @Override
  public String toString() {
    return "Credential[redacted" + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + "]";
  }
}
