package dev.backfill.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactedUrlTest {
  @Test
  void dropsUserInfoAndMasksSecretQueryValues() {
    URI uri = URI.create("https://user:pw@api.example.test:8443/v6/deployments?teamId=t1&access_token=abc&client_secret=s&apiKey=k&limit=100");

    assertThat(RedactedUrl.of(uri))
        .isEqualTo("https://api.example.test:8443/v6/deployments?teamId=t1&access_token=***&client_secret=***&apiKey=***&limit=100");
  }

  @Test
  void keepsOrdinaryUrlsAsTheyAre() {
    URI uri = URI.create("https://api.github.com/repos/acme/api/pulls?state=all&sort=updated&per_page=100");

    assertThat(RedactedUrl.of(uri)).isEqualTo(uri.toString());
  }
}
