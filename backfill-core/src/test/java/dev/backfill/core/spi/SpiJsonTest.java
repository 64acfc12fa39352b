package dev.backfill.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpiJsonTest {
  private final ObjectMapper mapper = BackfillJson.newMapper();

  private <T> T roundTrip(T value, Class<T> type) throws Exception {
    return mapper.readValue(mapper.writeValueAsString(value), type);
  }

  @Test
  void valuesKeptInCheckpointsAndResultsRoundTrip() throws Exception {
    Resource resource = Resource.builder().id("acme/api").putAttributes("id", "1296269").build();
    RateLimitStatus status = RateLimitStatus.builder().limit(5000).remaining(12).resetAt(Instant.parse("2026-11-23T13:00:00Z")).build();

    assertThat(roundTrip(resource, Resource.class)).isEqualTo(resource);
    assertThat(roundTrip(status, RateLimitStatus.class)).isEqualTo(status);
    assertThat(roundTrip(SkippedItem.of("#7", "no title"), SkippedItem.class)).isEqualTo(SkippedItem.of("#7", "no title"));
    Window window = Window.of(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(roundTrip(window, Window.class)).isEqualTo(window);
  }

  @Test
  void cursorIsAPlainJsonString() throws Exception {
    PageCursor cursor = PageCursor.of("https://api.github.com/repositories/1/pulls?page=2");

    assertThat(mapper.writeValueAsString(cursor)).isEqualTo("\"https://api.github.com/repositories/1/pulls?page=2\"");
    assertThat(roundTrip(cursor, PageCursor.class)).isEqualTo(cursor);
    assertThatThrownBy(() -> PageCursor.of("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowRejectsSinceAfterUntil() {
    assertThatThrownBy(() -> Window.of(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after until");
  }

  @Test
  void credentialNeverPrintsItsSecret() {
    Credential credential = Credential.expiring("ghs_secretvalue", Instant.parse("2026-11-23T13:00:00Z"));

    assertThat(credential.toString()).doesNotContain("ghs_secretvalue").contains("redacted");
    assertThat(CredentialProvider.staticToken("tok-abc").toString()).doesNotContain("tok-abc");
    assertThatThrownBy(() -> Credential.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
