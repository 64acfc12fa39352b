package dev.backfill.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderResponseTest {
  private static ProviderResponse withHeaders(Map<String, List<String>> headers) {
    return new ProviderResponse(200, URI.create("https://api.test/items"), HttpHeaders.of(headers, (name, value) -> true),
        MissingNode.getInstance(), null);
  }

  @Test
  void dateIsTheDateHeaderInWholeSecondsAndEmptyWithoutAReadableOne() {
    assertThat(withHeaders(Map.of("Date", List.of("Mon, 30 Nov 2026 12:34:56 GMT"))).date())
        .contains(Instant.parse("2026-11-30T12:34:56Z"));
    assertThat(withHeaders(Map.of("date", List.of(" Mon, 30 Nov 2026 12:34:56 GMT "))).date())
        .contains(Instant.parse("2026-11-30T12:34:56Z"));
    assertThat(withHeaders(Map.of()).date()).isEmpty();
    assertThat(withHeaders(Map.of("Date", List.of("yesterday"))).date()).isEmpty();
  }
}
