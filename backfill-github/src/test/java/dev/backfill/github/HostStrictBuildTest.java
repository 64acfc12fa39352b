package dev.backfill.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's strict build: code using the SDK's value types and builders compiles with {@code
 * -Xlint:all -Werror} against exactly what Maven resolves for a host of this connector (its
 * runtime class path, written by the build to {@code target/host-class-path.txt}). Generated
 * classes carry Immutables' {@code @Generated}; without its annotations on that class path javac
 * warns about every one of them.
 */
class HostStrictBuildTest {
  private static final String HOST = String.join("\n",
      "package host;",
      "",
      "import dev.backfill.core.run.BackfillRequest;",
      "import dev.backfill.core.run.BackfillResult;",
      "import dev.backfill.core.spi.CredentialProvider;",
      "import dev.backfill.core.state.Checkpoint;",
      "import dev.backfill.github.GitHubConnector;",
      "",
      "public final class Host {",
      "  private Host() {}",
      "",
      "  public static BackfillRequest request() {",
      "    BackfillRequest.Builder builder = BackfillRequest.builder().provider(\"github\").connectionId(\"workspace-1\")",
      "        .credentials(CredentialProvider.staticToken(\"token\"))",
      "        .putSettings(GitHubConnector.REPOSITORIES.key(), \"acme/api\");",
      "    return builder.build();",
      "  }",
      "",
      "  public static long events(BackfillResult result, Checkpoint checkpoint) {",
      "    return result.runTotals().events() + checkpoint.counts().events();",
      "  }",
      "}",
      "");

  @Test
  void hostCodeCompilesWithEveryLintWarningAnError(@TempDir Path directory) throws Exception {
    Path source = directory.resolve("host/Host.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, HOST);
    List<String> classPath = new ArrayList<>();
    classPath.add(Path.of("target", "classes").toAbsolutePath().toString());
    for (String entry : Files.readString(Path.of("target", "host-class-path.txt"), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        classPath.add(entry);
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean compiled;
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      compiled = javac.getTask(null, files, diagnostics,
          List.of("-Xlint:all", "-Werror", "-proc:none", "-classpath", String.join(File.pathSeparator, classPath),
              "-d", directory.resolve("out").toString()),
          null, files.getJavaFileObjects(source.toFile())).call();
    }

    assertThat(diagnostics.getDiagnostics()).extracting(Diagnostic::toString).isEmpty();
    assertThat(compiled).isTrue();
    assertThat(classPath).as("the host's class path").anyMatch(entry -> entry.contains("backfill-core"));
  }
}
