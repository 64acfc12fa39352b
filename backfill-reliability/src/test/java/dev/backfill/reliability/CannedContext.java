package dev.backfill.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.http.ProviderHttp;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Settings;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A {@link ConnectorContext} whose HTTP answers every request with one canned response, to feed connectors hostile pages. */
final class CannedContext implements ConnectorContext {
  private final Settings settings;
  private final int status;
  private final JsonNode body;
  private final HttpHeaders headers;

  CannedContext(Settings settings, int status, JsonNode body, Map<String, List<String>> headers) {
    this.settings = settings;
    this.status = status;
    this.body = body;
    this.headers = HttpHeaders.of(headers, (name, value) -> true);
  }

  @Override
  public String connectionId() {
    return "hostile";
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public Clock clock() {
    return Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  }

  @Override
  public ProviderHttp http() {
    return new ProviderHttp() {
      @Override
      public URI resolve(String pathAndQuery) {
        return URI.create("https://api.example.test/" + pathAndQuery.replace(" ", "%20"));
      }

      @Override
      public ProviderResponse get(URI uri) {
        return new ProviderResponse("canned", status, uri, headers, body, null);
      }

      @Override
      public ProviderResponse get(URI uri, Map<String, String> extraHeaders) {
        return get(uri);
      }

      @Override
      public ProviderResponse post(URI uri, String jsonBody, Map<String, String> extraHeaders) {
        return get(uri);
      }
    };
  }
}
