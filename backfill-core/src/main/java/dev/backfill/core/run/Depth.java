package dev.backfill.core.run;

import java.time.Duration;

/** How far back a backfill reaches: 7, 30 or 90 days. */
public enum Depth {
  DAYS_7(7),
  DAYS_30(30),
  DAYS_90(90);

  private final int days;

  Depth(int days) {
    this.days = days;
  }

  public int days() {
    return days;
  }

  public Duration duration() {
    return Duration.ofDays(days);
  }

  /**
   * The depth of {@code days}.
   *
   * @throws IllegalArgumentException for anything but 7, 30 or 90
   */
  public static Depth ofDays(int days) {
    for (Depth depth : values()) {
      if (depth.days == days) {
        return depth;
      }
    }
    throw new IllegalArgumentException("backfill depth must be 7, 30 or 90 days, got " + days);
  }
}
