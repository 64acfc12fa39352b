package dev.backfill.cli;

import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.SettingsSpec;

/**
 * A connector's settings as a Markdown table, generated from its {@link SettingsSpec}: what
 * {@code backfill providers --settings} prints and what the README shows, so the two never drift.
 */
final class SettingsTable {
  private SettingsTable() {}

  static String of(SettingsSpec spec) {
    StringBuilder table = new StringBuilder("| setting | value | default | meaning |\n|---|---|---|---|\n");
    for (Setting<?> setting : spec.settings()) {
      String defaultValue = setting.isRequired() ? "required" : setting.defaultText().isEmpty() ? "" : "`" + setting.defaultText() + "`";
      table.append("| `").append(setting.key()).append("` | ").append(setting.type()).append(" | ").append(defaultValue).append(" | ")
          .append(setting.isSecret() ? "(secret) " : "").append(setting.documentation()).append(" |\n");
    }
    return table.toString();
  }
}
