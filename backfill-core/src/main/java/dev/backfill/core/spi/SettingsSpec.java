package dev.backfill.core.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting a connector accepts. {@link #problems} finds every problem of a raw settings map
 * at once, unknown keys included ("did you mean pageSize?"), and {@link #parse} turns a valid one
 * into typed {@link Settings}, once per run.
 */
public final class SettingsSpec {
  private final Map<String, Setting<?>> settings;

  private SettingsSpec(Map<String, Setting<?>> settings) {
    this.settings = settings;
  }

  /**
   * @throws IllegalArgumentException when two settings share a key
   */
  public static SettingsSpec of(Setting<?>... settings) {
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    for (Setting<?> setting : settings) {
      if (byKey.put(setting.key(), setting) != null) {
        throw new IllegalArgumentException("two settings have the key '" + setting.key() + "'");
      }
    }
    return new SettingsSpec(Collections.unmodifiableMap(byKey));
  }

  /** The settings in the order the connector lists them. */
  public List<Setting<?>> settings() {
    return List.copyOf(settings.values());
  }

  /** The setting with this key, if the connector has one. */
  public Optional<Setting<?>> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** Every problem of {@code raw}: unknown keys, unreadable values, missing required settings; empty when it is valid. */
  public List<String> problems(Map<String, String> raw) {
    List<String> problems = new ArrayList<>();
    parse(raw, problems);
    return problems;
  }

  /**
   * Parses {@code raw} into typed settings, defaults filled in.
   *
   * @throws IllegalArgumentException listing every problem, as {@link #problems} finds them
   */
  public Settings parse(Map<String, String> raw) {
    List<String> problems = new ArrayList<>();
    Settings parsed = parse(raw, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid settings: " + String.join("; ", problems));
    }
    return parsed;
  }

  private Settings parse(Map<String, String> raw, List<String> problems) {
    for (String key : raw.keySet()) {
      if (!settings.containsKey(key)) {
        problems.add("unknown setting '" + key + "'" + suggestion(key).map(known -> " (did you mean " + known + "?)").orElse(
            "; known: " + String.join(", ", settings.keySet())));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : settings.values()) {
      String text = raw.get(setting.key());
      if (text == null) {
        if (setting.isRequired()) {
          problems.add("setting '" + setting.key() + "' is required: " + setting.documentation());
        }
        values.put(setting.key(), setting.defaultValue());
        continue;
      }
      try {
        values.put(setting.key(), setting.parse(text));
      } catch (IllegalArgumentException unreadable) {
        problems.add("setting '" + setting.key() + "' " + unreadable.getMessage()
            + (setting.isSecret() ? "" : ", got '" + text + "'"));
      }
    }
    return new Settings(this, values, raw);
  }

  /** The known key closest to {@code key}: the same ignoring case, or at most two edits away. */
  private Optional<String> suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (String known : settings.keySet()) {
      int distance = known.equalsIgnoreCase(key) ? 0 : distance(known.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
