package dev.backfill.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads connection settings, failing with {@link IllegalArgumentException} that names the setting. */
public final class SettingValues {
  private SettingValues() {}

  /** The integer at {@code key} between {@code min} and {@code max}, or {@code fallback} when unset. */
  public static int integer(Map<String, String> settings, String key, int fallback, int min, int max) {
    String value = settings.get(key);
    if (value == null) {
      return fallback;
    }
    Integer parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException notANumber) {
      parsed = null;
    }
    if (parsed == null || parsed < min || parsed > max) {
      throw new IllegalArgumentException("setting '" + key + "' must be an integer from " + min + " to " + max + ", got '" + value + "'");
    }
    return parsed;
  }

  /** {@code true} only when the setting at {@code key} is {@code true} (any case). */
  public static boolean flag(Map<String, String> settings, String key) {
    return Boolean.parseBoolean(settings.getOrDefault(key, "false").trim());
  }

  /** The comma-separated values at {@code key}, trimmed, blanks left out; empty when unset. */
  public static List<String> list(Map<String, String> settings, String key) {
    List<String> values = new ArrayList<>();
    for (String value : settings.getOrDefault(key, "").split(",")) {
      if (!value.isBlank()) {
        values.add(value.trim());
      }
    }
    return values;
  }
}
