package dev.backfill.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret that authenticates requests of one connection, with its expiry when known. Its
 * {@link #toString()} never shows the secret, and it is deliberately not JSON-serialisable.
 */
public final class Credential {
  private final String secret;
  private final Instant expiresAt;

  private Credential(String secret, Instant expiresAt) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("a credential needs a non-blank secret");
    }
    this.secret = secret;
    this.expiresAt = expiresAt;
  }

  /** A credential without a known expiry. */
  public static Credential of(String secret) {
    return new Credential(secret, null);
  }

  /** A credential the provider said expires at {@code expiresAt}. */
  public static Credential expiring(String secret, Instant expiresAt) {
    return new Credential(secret, Objects.requireNonNull(expiresAt, "expiresAt"));
  }

  /** The secret itself, to put in an authorization header. Never log it. */
  public String secret() {
    return secret;
  }

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
