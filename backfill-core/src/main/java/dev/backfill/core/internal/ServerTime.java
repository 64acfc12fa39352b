package dev.backfill.core.internal;

import dev.backfill.core.spi.RateLimitStatus;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The provider's clock as one response's {@code Date} header shows it, so rate-limit resets given
 * in the provider's time are waited for in ours. A server whose clock is behind ours would
 * otherwise be asked again before its window rolled, and answer with a throttle.
 *
 * <p>The header has whole seconds and is written before the response travels, so {@code Date -
 * local now} can only understate how far the server is ahead: instants moved back by it are never
 * early. A small margin covers the provider's own rounding. A skew of more than {@link #MAX_SKEW}
 * is taken for a wrong header and ignored.
 */
public final class ServerTime {
  static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final Duration MAX_SKEW_BEHIND = MAX_SKEW.negated();
  static final Duration MARGIN = Duration.ofMillis(500);
  private static final ServerTime UNKNOWN = new ServerTime(Duration.ZERO, Duration.ZERO, null);
  /** The last header parsed, null before the first: the responses of one second share it, and parsing one takes microseconds. */
  private static volatile ParsedDate lastDate;

  private final Duration skew;
  private final Duration margin;
  private final Instant serverNow;

  private ServerTime(Duration skew, Duration margin, Instant serverNow) {
    this.skew = skew;
    this.margin = margin;
    this.serverNow = serverNow;
  }

  /** The instant a response's {@code Date} header names (whole seconds); empty when it has none or it does not parse. */
  public static Optional<Instant> date(HttpHeaders headers) {
    Optional<String> header = headers.firstValue("date");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String text = header.get().trim();
    ParsedDate last = lastDate;
    if (last != null && last.text.equals(text)) {
      return Optional.of(last.instant);
    }
    try {
      Instant instant = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      lastDate = new ParsedDate(text, instant);
      return Optional.of(instant);
    } catch (DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }

  static ServerTime of(HttpHeaders headers, Instant localNow) {
    Optional<Instant> date = date(headers);
    if (date.isEmpty()) {
      return UNKNOWN.at(localNow);
    }
    Instant server = date.get();
    Duration skew = Duration.between(localNow, server);
    if (skew.compareTo(MAX_SKEW) > 0 || skew.compareTo(MAX_SKEW_BEHIND) < 0) {
      return UNKNOWN.at(localNow);
    }
    return new ServerTime(skew, MARGIN, localNow.plus(skew));
  }

  private ServerTime at(Instant localNow) {
    return new ServerTime(skew, margin, localNow);
  }

  /** The server's time when the response was read. */
  Instant now() {
    return serverNow;
  }

  /** The local instant by which the server's clock has surely reached {@code serverInstant}. */
  Instant toLocal(Instant serverInstant) {
    return serverInstant.minus(skew).plus(margin);
  }

  RateLimitStatus toLocal(RateLimitStatus status) {
    return status.resetAt().isEmpty()
        ? status
        : RateLimitStatus.builder().from(status).resetAt(toLocal(status.resetAt().get())).build();
  }

  private record ParsedDate(String text, Instant instant) {}
}
