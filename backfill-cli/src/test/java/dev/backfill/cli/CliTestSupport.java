package dev.backfill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.SourceEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs the CLI in-process with captured streams, and reads its events files. */
final class CliTestSupport {
  private static final ObjectMapper JSON = BackfillJson.newMapper();

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Path workingDirectory;
  final Map<String, String> env;

  CliTestSupport(Path workingDirectory, Map<String, String> env) {
    this.workingDirectory = workingDirectory;
    this.env = env;
  }

  int run(String... args) {
    Io io = new Io(env, workingDirectory, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return BackfillCli.execute(io, args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  static List<SourceEvent> events(Path file) {
    try {
      return Files.readAllLines(file).stream().map(CliTestSupport::parse).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SourceEvent parse(String line) {
    try {
      return JSON.readValue(line, SourceEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not an event line: " + line, e);
    }
  }
}
