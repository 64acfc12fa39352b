package dev.backfill.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Reads a duration option as {@code 250ms}, {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT2H}. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(text);
    Duration duration;
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      switch (matcher.group(2)) {
        case "ms":
          duration = Duration.ofMillis(amount);
          break;
        case "s":
          duration = Duration.ofSeconds(amount);
          break;
        case "m":
          duration = Duration.ofMinutes(amount);
          break;
        case "h":
          duration = Duration.ofHours(amount);
          break;
        default:
          duration = Duration.ofDays(amount);
      }
    } else {
      try {
        duration = Duration.parse(value.trim());
      } catch (DateTimeParseException notIso) {
        throw new IllegalArgumentException("'" + value + "' is not a duration; write it as 90s, 30m, 2h or PT2H");
      }
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + value + "' is negative; a duration must be zero or more");
    }
    return duration;
  }
}
