package dev.backfill.core.spi;

import java.util.Map;
import java.util.StringJoiner;

/**
 * A connection's settings, parsed once against its connector's {@link SettingsSpec}, defaults
 * filled in. Immutable; {@link #toString()} never shows a secret value.
 */
public final class Settings {
  private final SettingsSpec spec;
  private final Map<String, Object> values;
  private final Map<String, String> raw;

  Settings(SettingsSpec spec, Map<String, Object> values, Map<String, String> raw) {
    this.spec = spec;
    this.values = Map.copyOf(values.entrySet().stream().filter(entry -> entry.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    this.raw = Map.copyOf(raw);
  }

  /**
   * The value of {@code setting}, or its default when the request left it out.
   *
   * @throws IllegalArgumentException when the setting is not in this connector's spec
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (spec.setting(setting.key()).orElse(null) != setting) {
      throw new IllegalArgumentException("setting '" + setting.key() + "' is not one of this connector's");
    }
    return (T) values.get(setting.key());
  }

  /** The settings as the request gave them, for hosts that store or forward them. */
  public Map<String, String> raw() {
    return raw;
  }

  @Override
  public String toString() {
    StringJoiner shown = new StringJoiner(", ", "Settings{", "}");
    for (Setting<?> setting : spec.settings()) {
      if (raw.containsKey(setting.key())) {
        shown.add(setting.key() + "=" + (setting.isSecret() ? "***" : raw.get(setting.key())));
      }
    }
    return shown.toString();
  }
}
