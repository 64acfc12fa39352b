package dev.backfill.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A command-line option a connector offers tools: one that fills a setting (GitHub's {@code
 * --repo} fills {@code repositories}; given several times, the values are joined with commas), or
 * one that feeds the connector's {@link CredentialForm} (GitHub's {@code --private-key}).
 */
public final class ConnectorOption {
  private final String name;
  private final String description;
  private final Setting<?> setting;
  private final boolean readsFile;

  private ConnectorOption(String name, String description, Setting<?> setting, boolean readsFile) {
    if (!name.startsWith("--") || name.length() < 3) {
      throw new IllegalArgumentException("an option name starts with --, got '" + name + "'");
    }
    this.name = name;
    this.description = Objects.requireNonNull(description, "description");
    this.setting = setting;
    this.readsFile = readsFile;
  }

  /** The option {@code name} (with its leading {@code --}) filling {@code setting}. */
  public static ConnectorOption setting(String name, Setting<?> setting, String description) {
    return new ConnectorOption(name, description, Objects.requireNonNull(setting, "setting"), false);
  }

  /**
   * An option for the connector's {@link CredentialForm}; with {@code readsFile}, its value names a
   * file whose content the form receives (a private key, say).
   */
  public static ConnectorOption credential(String name, String description, boolean readsFile) {
    return new ConnectorOption(name, description, null, readsFile);
  }

  /** The option's name, such as {@code --project}. */
  public String name() {
    return name;
  }

  /** What the option does, for help text. */
  public String description() {
    return description;
  }

  /** The setting this option fills; empty for a credential option. */
  public Optional<Setting<?>> setting() {
    return Optional.ofNullable(setting);
  }

  /** Whether the value names a file whose content is what counts. */
  public boolean readsFile() {
    return readsFile;
  }
}
