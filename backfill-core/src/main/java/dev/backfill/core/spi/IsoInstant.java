package dev.backfill.core.spi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses ISO-8601 instants as providers send them ({@code 2026-11-23T12:00:00Z}, with or without a
 * fraction of a second) without the formatter machinery of {@link Instant#parse}, which costs about
 * a microsecond per value and several values per list item. Anything else goes to {@link
 * Instant#parse}, so both accept and reject exactly the same text.
 */
final class IsoInstant {
  private static final int SHORTEST = "0000-00-00T00:00:00Z".length();

  private IsoInstant() {}

  /** The instant in {@code text}, with {@link Instant#parse}'s errors for text that is not one. */
  static Instant parse(String text) {
    Instant fast = parseCommonForm(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** The instant when {@code text} has the common UTC form and valid fields, otherwise null. */
  private static Instant parseCommonForm(String text) {
    int length = text.length();
    if (length < SHORTEST || length > SHORTEST + 10 || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int nanos = 0;
    if (length > SHORTEST) {
      int fractionDigits = length - SHORTEST - 1;
      if (text.charAt(19) != '.' || fractionDigits == 0) {
        return null;
      }
      int fraction = digits(text, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    } catch (DateTimeException invalidDate) {
      return null;
    }
  }

  /** The decimal value of {@code count} ASCII digits at {@code start}, or -1 when one is not a digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
