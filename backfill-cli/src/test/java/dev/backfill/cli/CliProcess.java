package dev.backfill.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CLI's main in a JVM of its own, with the test's class path, so it can be signalled like a real process. */
final class CliProcess {
  final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread pump;

  CliProcess(Path workingDirectory, Map<String, String> env, String... args) throws IOException {
    this(workingDirectory, env, List.of(), args);
  }

  /** @param jvmOptions options for the JVM itself, such as {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug} */
  CliProcess(Path workingDirectory, Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BackfillCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    process = builder.start();
    pump = new Thread(() -> copy(process.getInputStream()));
    pump.start();
  }

  private void copy(InputStream in) {
    try {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        synchronized (output) {
          output.write(buffer, 0, read);
        }
      }
    } catch (IOException closed) {
      synchronized (output) {
        output.write('\n');
      }
    }
  }

  /** Everything the process wrote to stdout and stderr so far. */
  String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  int waitFor() throws InterruptedException {
    int code = process.waitFor();
    pump.join(10_000);
    return code;
  }
}
