package dev.backfill.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PercentEncodingTest {
  @Test
  void encodesEverythingButUnreservedCharacters() {
    assertThat(PercentEncoding.encode("a-b.c_d~e")).isEqualTo("a-b.c_d~e");
    assertThat(PercentEncoding.encode("lastSeen:>=2026-11-01T00:00:00Z is:resolved"))
        .isEqualTo("lastSeen%3A%3E%3D2026-11-01T00%3A00%3A00Z%20is%3Aresolved");
    assertThat(PercentEncoding.encode("a+b/c&d=e?f#g%")).isEqualTo("a%2Bb%2Fc%26d%3De%3Ff%23g%25");
    assertThat(PercentEncoding.encode("ü✓")).isEqualTo("%C3%BC%E2%9C%93");
  }

  @Property(tries = 500)
  void anyValueSurvivesAsOnePathSegmentAndOneQueryValue(@ForAll String segment, @ForAll String value) {
    Assume.that(isWellFormed(segment) && isWellFormed(value));

    URI uri = URI.create("https://api.test/base/" + PercentEncoding.encode(segment) + "/tail?q=" + PercentEncoding.encode(value) + "&n=1");

    String[] segments = uri.getRawPath().split("/", -1);
    assertThat(segments).hasSize(4);
    assertThat(URLDecoder.decode(segments[2], StandardCharsets.UTF_8)).isEqualTo(segment);
    String[] parameters = uri.getRawQuery().split("&", -1);
    assertThat(parameters).hasSize(2);
    assertThat(parameters[0]).startsWith("q=");
    assertThat(URLDecoder.decode(parameters[0].substring(2), StandardCharsets.UTF_8)).isEqualTo(value);
    assertThat(parameters[1]).isEqualTo("n=1");
  }

  /** Whether the string has no lone surrogate, so its UTF-8 form decodes back to it. */
  private static boolean isWellFormed(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
  }
}
