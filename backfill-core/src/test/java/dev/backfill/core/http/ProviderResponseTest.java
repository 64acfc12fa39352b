package dev.backfill.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.backfill.core.error.MalformedResponseException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderResponseTest {
  private static ProviderResponse withHeaders(Map<String, List<String>> headers) {
    return new ProviderResponse("test", 200, URI.create("https://api.test/items"), HttpHeaders.of(headers, (name, value) -> true),
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

  @Test
  void arrayIsTheListAtAFieldOrTheBodyAndAClearErrorWithoutCredentialsOtherwise() throws Exception {
    JsonNode body = new ObjectMapper().readTree("{\"items\":[1,2],\"next\":\"x\"}");
    URI uri = URI.create("https://user:secret@api.test/items?access_token=hidden&page=2");
    ProviderResponse response = new ProviderResponse("test", 200, uri, HttpHeaders.of(Map.of(), (name, value) -> true), body, null);

    assertThat(response.array("items")).hasSize(2);
    assertThatThrownBy(() -> response.array("next"))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("malformed response from test")
        .hasMessageContaining("no 'next' array")
        .hasMessageNotContaining("secret")
        .hasMessageNotContaining("hidden");
    assertThatThrownBy(() -> response.array("")).hasMessageContaining("expected a JSON array");
    JsonNode list = new ObjectMapper().readTree("[{\"id\":1}]");
    assertThat(new ProviderResponse("test", 200, uri, response.headers(), list, null).array("")).hasSize(1);
  }
}
