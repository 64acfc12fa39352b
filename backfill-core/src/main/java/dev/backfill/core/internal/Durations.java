package dev.backfill.core.internal;

import java.time.Duration;

/** Durations as people read them in messages: {@code 1h 5m}, {@code 42s}, {@code 2.5s}, {@code 250ms}. */
final class Durations {
  private Durations() {}

  static String describe(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return "0s";
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    if (duration.compareTo(Duration.ofSeconds(10)) < 0 && duration.toMillisPart() >= 100) {
      return duration.toSeconds() + "." + duration.toMillisPart() / 100 + "s";
    }
    long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (days > 0) {
      out.append(days).append("d ");
    }
    if (hours > 0) {
      out.append(hours).append("h ");
    }
    if (minutes > 0) {
      out.append(minutes).append("m ");
    }
    if (rest > 0) {
      out.append(rest).append("s");
    }
    return out.toString().strip();
  }
}
