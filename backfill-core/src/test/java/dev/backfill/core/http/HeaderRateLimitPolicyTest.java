package dev.backfill.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.spi.RateLimitStatus;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HeaderRateLimitPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final HeaderRateLimitPolicy github = HeaderRateLimitPolicy.builder()
      .limitHeader("x-ratelimit-limit")
      .remainingHeader("x-ratelimit-remaining")
      .resetHeader("x-ratelimit-reset")
      .reserve(50)
      .build();

  private static HttpHeaders headers(String... pairs) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], List.of(pairs[i + 1]));
    }
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @Test
  void readsLimitRemainingAndEpochSecondReset() {
    RateLimitStatus status = github.read(headers(
        "x-ratelimit-limit", "5000", "x-ratelimit-remaining", "4990", "x-ratelimit-reset", "1795435200"), NOW).orElseThrow();

    assertThat(status.limit()).hasValue(5000);
    assertThat(status.remaining()).hasValue(4990);
    assertThat(status.resetAt()).hasValue(Instant.ofEpochSecond(1795435200));
  }

  @Test
  void headersNamesTheThreeHeadersFromOnePrefixInAnyCase() {
    HeaderRateLimitPolicy sentry = HeaderRateLimitPolicy.builder().headers("X-Sentry-Rate-Limit-").build();
    RateLimitStatus status = sentry.read(headers("x-sentry-rate-limit-limit", "40", "X-Sentry-Rate-Limit-Remaining", "3",
        "X-SENTRY-RATE-LIMIT-RESET", "1795435200"), NOW).orElseThrow();

    assertThat(status.limit()).hasValue(40);
    assertThat(status.remaining()).hasValue(3);
    assertThat(status.resetAt()).hasValue(Instant.ofEpochSecond(1795435200));
  }

  @Test
  void readsEpochMillisResets() {
    HeaderRateLimitPolicy linear = HeaderRateLimitPolicy.builder()
        .resetHeader("x-ratelimit-requests-reset").resetFormat(HeaderRateLimitPolicy.ResetFormat.EPOCH_MILLIS).build();

    assertThat(linear.read(headers("x-ratelimit-requests-reset", "1795435200123"), Instant.EPOCH).orElseThrow().resetAt())
        .hasValue(Instant.ofEpochMilli(1795435200123L));
  }

  @Test
  void clampsNegativeRemainingAndPastResets() {
    RateLimitStatus status = github.read(headers("x-ratelimit-remaining", "-7", "x-ratelimit-reset", "12"), NOW).orElseThrow();

    assertThat(status.remaining()).hasValue(0);
    assertThat(status.resetAt()).hasValue(NOW);
  }

  @Test
  void saysNothingWithoutHeaders() {
    assertThat(github.read(headers(), NOW)).isEmpty();
    assertThat(github.read(headers("x-ratelimit-remaining", "lots"), NOW)).isEmpty();
  }

  @Test
  void retryAfterWinsForAThrottle() {
    assertThat(github.throttleEnds(headers("retry-after", "30"), NOW, 1)).isEqualTo(NOW.plusSeconds(30));
    assertThat(github.throttleEnds(headers("retry-after", "Mon, 23 Nov 2026 12:01:00 GMT"), NOW, 1)).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void spentBudgetWaitsForTheReset() {
    long reset = NOW.plusSeconds(900).getEpochSecond();

    assertThat(github.throttleEnds(headers("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset)), NOW, 1))
        .isEqualTo(Instant.ofEpochSecond(reset));
    assertThat(github.budgetSpent(headers("x-ratelimit-remaining", "0"))).isTrue();
    assertThat(github.budgetSpent(headers("x-ratelimit-remaining", "3"))).isFalse();
  }

  @Test
  void aThrottleWithoutHintBacksOffExponentially() {
    assertThat(github.throttleEnds(headers(), NOW, 1)).isEqualTo(NOW.plusSeconds(60));
    assertThat(github.throttleEnds(headers(), NOW, 3)).isEqualTo(NOW.plusSeconds(240));
  }

  @Test
  void onlyTheThrottleStatusesAreThrottlesOnTheirOwn() {
    assertThat(github.isThrottle(429)).isTrue();
    assertThat(github.isThrottle(403)).isFalse();
    assertThat(github.isThrottle(500)).isFalse();
    assertThat(HeaderRateLimitPolicy.builder().throttleStatuses(java.util.Set.of(429, 420)).build().isThrottle(420)).isTrue();
  }

  @Test
  void negativeRetryAfterMeansNow() {
    assertThat(HeaderRateLimitPolicy.retryAfter(headers("retry-after", "-40"), NOW)).hasValue(NOW);
    assertThat(HeaderRateLimitPolicy.retryAfter(headers("retry-after", "soon"), NOW)).isEmpty();
  }

  @Property
  void hostileHeaderValuesNeverThrowAndNeverGoBackInTime(@ForAll String remaining, @ForAll String reset, @ForAll String retryAfter) {
    HttpHeaders hostile = headers("x-ratelimit-remaining", remaining, "x-ratelimit-reset", reset, "retry-after", retryAfter);

    github.read(hostile, NOW).ifPresent(status -> {
      assertThat(status.remaining().orElse(0)).isNotNegative();
      status.resetAt().ifPresent(at -> assertThat(at).isAfterOrEqualTo(NOW));
    });
    assertThat(github.throttleEnds(hostile, NOW, 5)).isAfterOrEqualTo(NOW).isBefore(NOW.plus(Duration.ofDays(365 * 300)));
  }
}
