package dev.backfill.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/** How far back a backfill reaches: any whole number of days from 1 to 365. */
public final class Depth {
  /** The most days a depth may reach back. */
  public static final int MAX_DAYS = 365;

  /** The last 7 days. */
  public static final Depth DAYS_7 = new Depth(7);
  /** The last 30 days. */
  public static final Depth DAYS_30 = new Depth(30);
  /** The last 90 days. */
  public static final Depth DAYS_90 = new Depth(90);

  private final int days;

  private Depth(int days) {
    this.days = days;
  }

  /**
   * The depth of {@code days}.
   *
   * @throws IllegalArgumentException for anything outside 1 to 365
   */
  @JsonCreator
  public static Depth ofDays(int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("backfill depth must be 1 to " + MAX_DAYS + " days, got " + days);
    }
    return new Depth(days);
  }

  /** How many days back the run reaches. */
  @JsonValue
  public int days() {
    return days;
  }

  /** The depth as a duration. */
  public Duration duration() {
    return Duration.ofDays(days);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Depth && ((Depth) other).days == days;
  }

  @Override
  public int hashCode() {
    return days;
  }

  @Override
  public String toString() {
    return days + " days";
  }
}
