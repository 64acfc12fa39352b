package dev.backfill.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.spi.Credential;
import dev.backfill.testkit.github.FakeGitHub;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GitHubAppCredentialsTest {
  private static FakeGitHub fake;
  private final ObjectMapper mapper = BackfillJson.newMapper();

  @BeforeAll
  static void start() {
    fake = FakeGitHub.builder().installationId(4242).pullRequestsPerRepository(1).issuesPerRepository(0).releasesPerRepository(0).start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  private static GitHubAppCredentials credentials(String pem, long installation, Clock clock) {
    return GitHubAppCredentials.builder().appId("12345").installationId(installation).privateKeyPem(pem)
        .apiBase(URI.create(fake.baseUrl())).clock(clock).build();
  }

  @Test
  void signsAnRs256JwtWithBackdatedIssueTimeAndTenMinuteLifetime() throws Exception {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    String jwt = credentials(TestKeys.pkcs1Pem(), 4242, Clock.fixed(now, ZoneOffset.UTC)).appJwt(now);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = mapper.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(claims.get("iat").asLong()).isEqualTo(now.getEpochSecond() - 60);
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
    assertThat(claims.get("iss").asText()).isEqualTo("12345");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(TestKeys.PAIR.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void pkcs1AndPkcs8KeysSignTheSame() {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    assertThat(credentials(TestKeys.pkcs8Pem(), 4242, clock).appJwt(now)).isEqualTo(credentials(TestKeys.pkcs1Pem(), 4242, clock).appJwt(now));
  }

  @Test
  void exchangesTheJwtForATokenAndCachesIt() {
    long tokensBefore = fake.stats().count("token");
    GitHubAppCredentials credentials = credentials(TestKeys.pkcs1Pem(), 4242, Clock.systemUTC());

    Credential first = credentials.credential("c");
    Credential second = credentials.credential("c");

    assertThat(first.secret()).startsWith("ghs_fake");
    assertThat(first.expiresAt()).isPresent();
    assertThat(second).isSameAs(first);
    assertThat(fake.stats().count("token") - tokensBefore).isEqualTo(1);
    assertThat(credentials.toString()).doesNotContain(first.secret());
  }

  @Test
  void replacesTheTokenFiveMinutesBeforeItExpiresAndAfterInvalidation() {
    MutableClock clock = new MutableClock(Instant.now());
    GitHubAppCredentials credentials = credentials(TestKeys.pkcs1Pem(), 4242, clock);
    Credential first = credentials.credential("c");

    clock.now = clock.now.plus(Duration.ofMinutes(50));
    assertThat(credentials.credential("c")).isSameAs(first);
    clock.now = first.expiresAt().orElseThrow().minus(Duration.ofMinutes(4));
    Credential second = credentials.credential("c");
    assertThat(second.secret()).isNotEqualTo(first.secret());

    credentials.invalidate("c", second);
    assertThat(credentials.credential("c").secret()).isNotEqualTo(second.secret());
  }

  @Test
  void unknownOrSuspendedInstallationIsAnAuthenticationError() {
    assertThatThrownBy(() -> credentials(TestKeys.pkcs1Pem(), 999, Clock.systemUTC()).credential("c"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("suspended or uninstalled");
  }

  @Test
  void badKeyIsAClearErrorThatNeverPrintsTheKey() {
    String pem = TestKeys.pkcs1Pem();
    String body = pem.split("\n")[1];
    String broken = pem.replace(body, body.substring(0, 20) + "!!!" + body.substring(23));

    assertThatThrownBy(() -> credentials(broken, 4242, Clock.systemUTC()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("not a PEM RSA key")
        .message().doesNotContain(body.substring(0, 20));
    assertThatThrownBy(() -> credentials("ssh-rsa AAAAB3NzaC1yc2E", 4242, Clock.systemUTC()))
        .isInstanceOf(AuthenticationException.class).message().doesNotContain("AAAAB3");
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
