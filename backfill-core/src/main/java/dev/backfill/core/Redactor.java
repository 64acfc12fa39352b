package dev.backfill.core;

import dev.backfill.core.error.BackfillException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The last line of defence for text that leaves the SDK (log lines, exception messages,
 * checkpoints, terminal output): it replaces every secret it was told about with {@value
 * #REPLACEMENT} and every control or invisible formatting character with {@code ?}, so neither a
 * credential nor a terminal escape sequence gets through. Each connection's HTTP client remembers
 * the credentials it sends; the CLI adds the token, key material and webhook secret it read.
 * Thread-safe.
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String REPLACEMENT = "[redacted]";

  /** Secrets shorter than this are not looked for: they would match ordinary words. */
  static final int MIN_SECRET_LENGTH = 4;
  /** Parts of a secret between odd characters that are looked for on their own, when at least this long. */
  static final int MIN_FRAGMENT_LENGTH = 6;
  /** The most secrets one redactor keeps; the oldest are forgotten first (rotated tokens expire). */
  static final int MAX_SECRETS = 256;

  private final Set<String> secrets = new LinkedHashSet<>();
  private volatile List<String> longestFirst = List.of();

  /** A redactor that knows no secret yet and only neutralises control characters. */
  public static Redactor create() {
    return new Redactor();
  }

  /**
   * Remembers {@code secret}, and each run of visible ASCII characters inside it that is at least
   * {@value #MIN_FRAGMENT_LENGTH} long, so a secret split by a line break is caught piece by piece.
   * Blank and very short values are ignored.
   *
   * @return this redactor
   */
  public Redactor remember(String secret) {
    if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
      return this;
    }
    synchronized (secrets) {
      boolean added = secrets.add(secret);
      for (String fragment : fragments(secret)) {
        added |= secrets.add(fragment);
      }
      if (!added) {
        return this;
      }
      while (secrets.size() > MAX_SECRETS) {
        secrets.remove(secrets.iterator().next());
      }
      List<String> sorted = new ArrayList<>(secrets);
      sorted.sort(Comparator.comparingInt(String::length).reversed());
      longestFirst = List.copyOf(sorted);
    }
    return this;
  }

  /** {@code text} without any remembered secret and with control characters replaced; null stays null. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : longestFirst) {
      if (out.contains(secret)) {
        out = out.replace(secret, REPLACEMENT);
      }
    }
    return printable(out);
  }

  /**
   * {@code failure} itself when neither its message nor any cause's mentions a remembered secret;
   * otherwise a stand-in with the redacted text, the original's type name and
   * stack trace, so it can be kept as a cause or logged.
   */
  public Throwable redact(Throwable failure) {
    if (failure == null || !mentionsSecret(failure)) {
      return failure;
    }
    RedactedFailure copy = new RedactedFailure(failure.getClass().getName() + ": " + redact(String.valueOf(failure.getMessage())),
        redact(failure.getCause()));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /**
   * A {@link BackfillException} for a foreign failure: {@code what} (the context, such as the work
   * it broke) followed by the failure's type and message, with the failure as its cause, all
   * redacted.
   */
  public BackfillException wrap(String what, Throwable failure) {
    return new BackfillException(what + ": " + redact(failure.toString()), redact(failure));
  }

  private boolean mentionsSecret(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && longestFirst.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code text} with every control character (C0, C1, DEL) and invisible formatting character
   * (zero-width and bidirectional marks) replaced by {@code ?}; line breaks and tabs become spaces.
   */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char replacement = c == '\n' || c == '\r' || c == '\t' ? ' ' : unsafe(c) ? '?' : c;
      if (replacement != c && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(replacement);
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean unsafe(char c) {
    return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
        || c == '\u2028' || c == '\u2029';
  }

  private static List<String> fragments(String secret) {
    List<String> fragments = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= secret.length(); i++) {
      boolean visibleAscii = i < secret.length() && secret.charAt(i) > ' ' && secret.charAt(i) < 0x7f;
      if (!visibleAscii) {
        if (i - start >= MIN_FRAGMENT_LENGTH && i - start < secret.length()) {
          fragments.add(secret.substring(start, i));
        }
        start = i + 1;
      }
    }
    return fragments;
  }

  /** Stands in for a failure whose text held a secret. */
  private static final class RedactedFailure extends RuntimeException {
    RedactedFailure(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
