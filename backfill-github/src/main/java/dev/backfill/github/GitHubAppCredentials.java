package dev.backfill.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.ProviderConnectionException;
import dev.backfill.core.http.BoundedHttp;
import dev.backfill.core.http.RedactedUrl;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Payloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Credentials of a GitHub App installation: signs an app JWT (RS256) with the app's private key,
 * exchanges it at {@code POST /app/installations/{id}/access_tokens}, and caches the installation
 * token until five minutes before it expires or until it is invalidated after a 401.
 *
 * <p>The private key is read from PEM, as GitHub issues it (PKCS#1, {@code BEGIN RSA PRIVATE KEY})
 * or as PKCS#8 ({@code BEGIN PRIVATE KEY}). Neither the key nor a token ever appears in a message.
 * A suspended or uninstalled installation (401, 403 or 404 on the exchange) raises {@link
 * AuthenticationException}, which the runner does not retry. Thread-safe.
 */
public final class GitHubAppCredentials implements CredentialProvider {
  /** How long before its expiry a cached token is replaced. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = BackfillJson.newMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final int ATTEMPTS = 3;
  /** An installation token response is a few hundred bytes; anything near this is not one. */
  static final long MAX_RESPONSE_BYTES = 64 * 1024;

  private final String appId;
  private final long installationId;
  private final PrivateKey key;
  private final URI apiBase;
  private final HttpClient client;
  private final Clock clock;
  private final Duration timeout;
  private Credential cached;

  private GitHubAppCredentials(Builder builder) {
    this.appId = Objects.requireNonNull(builder.appId, "appId");
    this.installationId = builder.installationId;
    this.key = readPrivateKey(builder.privateKeyPem);
    this.apiBase = builder.apiBase;
    this.clock = builder.clock;
    this.timeout = builder.timeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Credentials for github.com with the system clock.
   *
   * @param appId the app's ID or client ID, the JWT's {@code iss}
   * @param privateKeyPem the app's private key in PEM
   * @throws AuthenticationException when the key cannot be read (the message never shows it)
   */
  public GitHubAppCredentials(String appId, long installationId, String privateKeyPem) {
    this(builder().appId(appId).installationId(installationId).privateKeyPem(privateKeyPem));
  }

  /** Configures credentials for GitHub Enterprise Server, another clock or another exchange timeout. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized Credential credential(String connectionId) {
    Instant now = clock.instant();
    if (cached != null && cached.expiresAt().map(at -> now.isBefore(at.minus(REFRESH_MARGIN))).orElse(false)) {
      return cached;
    }
    cached = exchange(now);
    return cached;
  }

  @Override
  public synchronized void invalidate(String connectionId, Credential rejected) {
    if (rejected.equals(cached)) {
      cached = null;
    }
  }

  /** The app JWT for {@code now}: {@code iat} 60 s in the past against clock drift, {@code exp} 10 minutes after it. */
  String appJwt(Instant now) {
    long issuedAt = now.getEpochSecond() - 60;
    String header = BASE64URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = BASE64URL.encodeToString(JSON.createObjectNode()
        .put("iat", issuedAt)
        .put("exp", issuedAt + 600)
        .put("iss", appId)
        .toString().getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + claims;
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new AuthenticationException("github", "cannot sign the GitHub App JWT: " + e.getClass().getSimpleName());
    }
  }

  private Credential exchange(Instant now) {
    String base = apiBase.toString().endsWith("/") ? apiBase.toString() : apiBase + "/";
    URI uri = URI.create(base + "app/installations/" + installationId + "/access_tokens");
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("User-Agent", "backfill-sdk")
        .header("Authorization", "Bearer " + appJwt(now))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = BoundedHttp.send(client, request, MAX_RESPONSE_BYTES, timeout);
      } catch (BoundedHttp.BodyTooLargeException tooLarge) {
        throw new AuthenticationException("github", "the installation token response from " + RedactedUrl.of(uri)
            + " is larger than " + MAX_RESPONSE_BYTES + " bytes; that is no token response");
      } catch (IOException e) {
        lastFailure = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackfillCancelledException("interrupted while requesting a GitHub App installation token");
      }
      int status = response.statusCode();
      if (status >= 500) {
        lastFailure = new IOException("HTTP " + status);
        continue;
      }
      if (status != 201 && status != 200) {
        throw new AuthenticationException("github", "installation " + installationId + " cannot get an access token (HTTP "
            + status + " from " + RedactedUrl.of(uri) + "); the app may be suspended or uninstalled, or the app id or key is wrong");
      }
      return token(response.body(), uri);
    }
    throw new ProviderConnectionException("github", RedactedUrl.of(uri), lastFailure);
  }

  private static Credential token(byte[] body, URI uri) {
    JsonNode json;
    String token;
    Instant expiresAt;
    try {
      json = JSON.readTree(body);
      token = Payloads.requireText(json, "token");
      expiresAt = Payloads.requireInstant(json, "expires_at");
    } catch (IOException | RuntimeException unreadable) {
      throw new AuthenticationException("github", "the installation token response from " + RedactedUrl.of(uri) + " is unreadable");
    }
    try {
      return Credential.expiring(token, expiresAt);
    } catch (IllegalArgumentException invalid) {
      throw new AuthenticationException("github", "the installation token from " + RedactedUrl.of(uri)
          + " cannot be sent in a header: " + invalid.getMessage());
    }
  }

  private static PrivateKey readPrivateKey(String pem) {
    String failure = "the GitHub App private key is not a PEM RSA key (PKCS#1 'BEGIN RSA PRIVATE KEY' or PKCS#8 'BEGIN PRIVATE KEY')";
    if (pem == null) {
      throw new AuthenticationException("github", failure);
    }
    boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
    boolean pkcs8 = pem.contains("-----BEGIN PRIVATE KEY-----");
    if (!pkcs1 && !pkcs8) {
      throw new AuthenticationException("github", failure);
    }
    String label = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
    int start = pem.indexOf("-----BEGIN " + label + "-----") + ("-----BEGIN " + label + "-----").length();
    int end = pem.indexOf("-----END " + label + "-----", start);
    if (end < 0) {
      throw new AuthenticationException("github", failure + "; the END line is missing");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(start, end));
      byte[] pkcs8Der = pkcs1 ? wrapPkcs1(der) : der;
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8Der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new AuthenticationException("github", failure + "; its content does not decode (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo with the rsaEncryption algorithm. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    byte[] octets = der((byte) 0x04, pkcs1);
    byte[] content = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, content, 0, version.length);
    System.arraycopy(algorithm, 0, content, version.length, algorithm.length);
    System.arraycopy(octets, 0, content, version.length + algorithm.length, octets.length);
    return der((byte) 0x30, content);
  }

  private static byte[] der(byte tag, byte[] content) {
    int length = content.length;
    byte[] lengthBytes;
    if (length < 0x80) {
      lengthBytes = new byte[] {(byte) length};
    } else if (length < 0x100) {
      lengthBytes = new byte[] {(byte) 0x81, (byte) length};
    } else if (length < 0x10000) {
      lengthBytes = new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    } else {
      lengthBytes = new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }
    byte[] out = new byte[1 + lengthBytes.length + length];
    out[0] = tag;
    System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
    System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
    return out;
  }

  @Override
  public String toString() {
    return "GitHubAppCredentials[app=" + appId + ", installation=" + installationId + "]";
  }

  /** Configures {@link GitHubAppCredentials}; app id, installation id and key are required. */
  public static final class Builder {
    private String appId;
    private long installationId;
    private String privateKeyPem;
    private URI apiBase = URI.create(GitHubConnector.DEFAULT_BASE_URL);
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The app's ID or client ID, the JWT's {@code iss}. */
    public Builder appId(String appId) {
      this.appId = Objects.requireNonNull(appId, "appId");
      return this;
    }

    /** The installation whose token to request. */
    public Builder installationId(long installationId) {
      this.installationId = installationId;
      return this;
    }

    /** The app's private key in PEM (PKCS#1 or PKCS#8); never shown in a message. */
    public Builder privateKeyPem(String privateKeyPem) {
      this.privateKeyPem = privateKeyPem;
      return this;
    }

    /** {@code https://api.github.com} (the default) or {@code https://HOST/api/v3}. */
    public Builder apiBase(URI apiBase) {
      this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
      return this;
    }

    /** The clock that signs JWTs and judges token expiry; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The time one token exchange may take, its whole response included; 30 seconds by default. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @throws AuthenticationException when the key cannot be read (the message never shows it)
     */
    public GitHubAppCredentials build() {
      return new GitHubAppCredentials(this);
    }
  }
}
