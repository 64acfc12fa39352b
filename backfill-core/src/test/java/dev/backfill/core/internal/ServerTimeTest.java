package dev.backfill.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTimeTest {
  private static final Instant LOCAL = Instant.parse("2026-12-01T10:00:00Z");

  private static HttpHeaders date(String value) {
    return HttpHeaders.of(Map.of("Date", List.of(value)), (name, text) -> true);
  }

  @Test
  void eachDateHeaderIsReadForItselfWhenOneFollowsAnother() {
    assertThat(ServerTime.date(date("Tue, 01 Dec 2026 10:00:03 GMT"))).contains(Instant.parse("2026-12-01T10:00:03Z"));
    assertThat(ServerTime.date(date("Tue, 01 Dec 2026 10:00:03 GMT"))).contains(Instant.parse("2026-12-01T10:00:03Z"));
    assertThat(ServerTime.date(date(" Tue, 01 Dec 2026 10:00:04 GMT "))).contains(Instant.parse("2026-12-01T10:00:04Z"));
    assertThat(ServerTime.date(date("yesterday"))).isEmpty();
    assertThat(ServerTime.date(date(" "))).isEmpty();
    assertThat(ServerTime.date(HttpHeaders.of(Map.of(), (name, text) -> true))).isEmpty();
  }

  @Test
  void aServerAheadOrBehindWithinFiveMinutesShiftsItsInstantsIntoOurs() {
    ServerTime ahead = ServerTime.of(date("Tue, 01 Dec 2026 10:04:00 GMT"), LOCAL);
    ServerTime behind = ServerTime.of(date("Tue, 01 Dec 2026 09:56:00 GMT"), LOCAL);

    assertThat(ahead.now()).isEqualTo(Instant.parse("2026-12-01T10:04:00Z"));
    assertThat(ahead.toLocal(Instant.parse("2026-12-01T10:05:00Z"))).isEqualTo(LOCAL.plus(Duration.ofMinutes(1)).plus(ServerTime.MARGIN));
    assertThat(behind.toLocal(Instant.parse("2026-12-01T09:57:00Z"))).isEqualTo(LOCAL.plus(Duration.ofMinutes(1)).plus(ServerTime.MARGIN));
  }

  @Test
  void aSkewOfMoreThanFiveMinutesEitherWayIsTakenForAWrongHeader() {
    for (String wrong : List.of("Tue, 01 Dec 2026 10:05:01 GMT", "Tue, 01 Dec 2026 09:54:59 GMT")) {
      ServerTime time = ServerTime.of(date(wrong), LOCAL);

      assertThat(time.now()).as(wrong).isEqualTo(LOCAL);
      assertThat(time.toLocal(LOCAL)).as(wrong).isEqualTo(LOCAL);
    }
  }
}
