package dev.backfill.cli;

import dev.backfill.core.Redactor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What the command reads and writes besides files: the environment, the working directory and the two output streams. */
final class Io {
  final Map<String, String> env;
  final Path workingDirectory;
  final PrintStream out;
  final PrintStream err;
  final boolean terminal;
  /** Knows every secret this command read (token, key, webhook secret); everything printed about a failure goes through it. */
  final Redactor redactor = Redactor.create();

  Io(Map<String, String> env, Path workingDirectory, PrintStream out, PrintStream err, boolean terminal) {
    this.env = env;
    this.workingDirectory = workingDirectory;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** {@code text} without any secret this command read and without terminal control characters. */
  String safe(String text) {
    return redactor.redact(text);
  }

  /** {@code path} against the working directory. */
  Path resolve(Path path) {
    return workingDirectory.resolve(path);
  }
}
