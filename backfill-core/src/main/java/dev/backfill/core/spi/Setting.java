package dev.backfill.core.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One key of a connector's settings: its type, default, allowed values and documentation, and
 * whether it holds a secret. A connector lists its settings in a {@link SettingsSpec}; the runner
 * parses a request's raw {@code Map<String, String>} once against it and hands the connector
 * typed {@link Settings}. Values are read strictly: {@code yes} is not a flag, {@code 1e3} not an
 * integer.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
  private final String key;
  private final String type;
  private final T defaultValue;
  private final boolean required;
  private final boolean secret;
  private final String documentation;
  private final Function<String, T> parser;

  private Setting(String key, String type, T defaultValue, boolean required, boolean secret, String documentation,
      Function<String, T> parser) {
    this.key = Objects.requireNonNull(key, "key");
    this.type = type;
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.documentation = Objects.requireNonNull(documentation, "documentation");
    this.parser = parser;
  }

  /** A whole number from {@code min} to {@code max}, {@code defaultValue} when unset. */
  public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String documentation) {
    String type = max == Integer.MAX_VALUE ? "integer, at least " + min : "integer, " + min + " to " + max;
    return new Setting<>(key, type, defaultValue, false, false, documentation, text -> {
      int value;
      try {
        value = Integer.parseInt(text.trim());
      } catch (NumberFormatException notANumber) {
        throw new IllegalArgumentException("must be an " + type);
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be an " + type);
      }
      return value;
    });
  }

  /** {@code true} or {@code false} (any case), {@code defaultValue} when unset; anything else is refused. */
  public static Setting<Boolean> flag(String key, boolean defaultValue, String documentation) {
    return new Setting<>(key, "true or false", defaultValue, false, false, documentation, text -> {
      String value = text.trim().toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException("must be true or false");
      }
      return value.equals("true");
    });
  }

  /** Comma-separated values, trimmed, blanks left out; empty when unset. */
  public static Setting<List<String>> list(String key, String documentation) {
    return new Setting<>(key, "comma-separated list", List.of(), false, false, documentation, text -> {
      List<String> values = new ArrayList<>();
      for (String value : text.split(",")) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
      return List.copyOf(values);
    });
  }

  /** An absolute http or https URL, {@code defaultValue} when unset. */
  public static Setting<URI> url(String key, String defaultValue, String documentation) {
    return new Setting<>(key, "http(s) URL", URI.create(defaultValue), false, false, documentation, text -> {
      try {
        URI uri = new URI(text.trim());
        if (!uri.isAbsolute() || uri.getHost() == null
            || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
          throw new IllegalArgumentException("must be an absolute http(s) URL");
        }
        return uri;
      } catch (URISyntaxException malformed) {
        throw new IllegalArgumentException("must be an absolute http(s) URL");
      }
    });
  }

  /** Text that may be left out; empty when unset or blank. */
  public static Setting<Optional<String>> text(String key, String documentation) {
    return new Setting<>(key, "text", Optional.empty(), false, false, documentation,
        text -> text.isBlank() ? Optional.empty() : Optional.of(text.trim()));
  }

  /** Text the connection cannot work without. */
  public static Setting<String> requiredText(String key, String documentation) {
    return new Setting<String>(key, "text", null, false, false, documentation, text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return text.trim();
    }).required();
  }

  /** One of {@code choices} (any case, given back as listed), {@code defaultValue} when unset. */
  public static Setting<String> choice(String key, String defaultValue, List<String> choices, String documentation) {
    String type = "one of " + String.join(", ", choices);
    return new Setting<>(key, type, defaultValue, false, false, documentation, text -> choices.stream()
        .filter(choice -> choice.equalsIgnoreCase(text.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("must be " + type)));
  }

  /** This setting with other documentation, for a connector that says more about a shared setting. */
  public Setting<T> described(String documentation) {
    return new Setting<>(key, type, defaultValue, required, secret, documentation, parser);
  }

  /** This setting without a default: a connection must give it. */
  public Setting<T> required() {
    return new Setting<>(key, type, null, true, secret, documentation, parser);
  }

  /**
   * This setting, with each value also required to pass {@code valid}; {@code rule} says what a
   * value must be, as in "must list owner/name repositories".
   */
  public Setting<T> check(Predicate<? super T> valid, String rule) {
    return new Setting<>(key, type, defaultValue, required, secret, documentation, text -> {
      T value = parser.apply(text);
      if (!valid.test(value)) {
        throw new IllegalArgumentException(rule);
      }
      return value;
    });
  }

  /**
   * This setting, marked as holding a secret: its value is never printed, and hosts that keep
   * requests in durable history (Temporal) refuse it; pass secrets through a {@code
   * CredentialProvider} instead.
   */
  public Setting<T> secret() {
    return new Setting<>(key, type, defaultValue, required, true, documentation, parser);
  }

  /** The key a request's settings map uses. */
  public String key() {
    return key;
  }

  /** The value's form, for documentation and messages, such as {@code integer, 1 to 100}. */
  public String type() {
    return type;
  }

  /** The default as text, empty when the setting is required or defaults to nothing. */
  public String defaultText() {
    if (defaultValue == null || defaultValue instanceof Optional && ((Optional<?>) defaultValue).isEmpty()
        || defaultValue instanceof List && ((List<?>) defaultValue).isEmpty()) {
      return "";
    }
    return String.valueOf(defaultValue);
  }

  /** Whether a connection must give this setting. */
  public boolean isRequired() {
    return required;
  }

  /** Whether the value is a secret, never printed nor passed through workflow state. */
  public boolean isSecret() {
    return secret;
  }

  /** What the setting does, for generated documentation. */
  public String documentation() {
    return documentation;
  }

  T defaultValue() {
    return defaultValue;
  }

  /**
   * @throws IllegalArgumentException saying what the value must be, never echoing a secret one
   */
  T parse(String text) {
    return parser.apply(text);
  }

  @Override
  public String toString() {
    return "Setting[" + key + ", " + type + "]";
  }
}
