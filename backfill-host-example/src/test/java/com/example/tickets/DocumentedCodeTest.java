package com.example.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Java in the README and the guides is what a host would type, so it must compile.
 *
 * <ul>
 *   <li>A README block compiles with {@code -Xlint:all -Werror} as the body of a method of a host
 *       class that has the things the README's prose takes as given (a {@code pool}, a {@code
 *       sink}, a Temporal {@code client}, ...) as fields; its imports go to the top, and the SDK's
 *       packages are imported for blocks that continue an earlier one.
 *   <li>The guide's blocks are excerpts of the example the testkit ships and of its tests: each
 *       line of a block (but {@code ...}, which marks what is left out) appears, in order, in the
 *       source it is taken from, so the guide cannot drift from code that compiles and passes.
 *       The {@code module} declaration, which names a module of the reader's, is parsed only.
 *   <li>The README's "Add it to a host" pom excerpt (the BOM import and each dependency) is this
 *       project's own.
 * </ul>
 */
class DocumentedCodeTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private static final String HOST_CLASS = String.join("\n",
      "abstract class Host {",
      "  javax.sql.DataSource pool;",
      "  io.micrometer.core.instrument.MeterRegistry meterRegistry;",
      "  dev.backfill.core.run.Backfill backfill;",
      "  dev.backfill.core.run.BackfillRequest request;",
      "  dev.backfill.core.sink.EventSink sink;",
      "  dev.backfill.core.sink.EventSink yourSink;",
      "  dev.backfill.core.state.CheckpointStore checkpointStore;",
      "  io.temporal.serviceclient.WorkflowServiceStubs serviceStubs;",
      "  io.temporal.client.WorkflowClient client;",
      "  Vault vault;",
      "  byte[] body;",
      "  java.util.Map<String, String> headers;",
      "  String secret;",
      "",
      "  interface Vault {",
      "    dev.backfill.core.spi.CredentialProvider credentialsOf(String connectionId);",
      "  }",
      "",
      "  abstract String workspaceOf(String connectionId);",
      "",
      "  Object run() throws Exception {",
      "%s",
      "  }",
      "}",
      "");

  private static final List<String> SDK_IMPORTS = List.of("dev.backfill.core.*", "dev.backfill.core.run.*",
      "dev.backfill.core.sink.*", "dev.backfill.core.spi.*", "dev.backfill.core.state.*", "dev.backfill.core.http.*",
      "dev.backfill.github.*", "dev.backfill.temporal.*", "dev.backfill.micrometer.*", "java.time.*", "java.util.*");

  private static List<String> blocks(Path markdown) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = JAVA_BLOCK.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  @Test
  void everyReadmeBlockCompilesInAHostClass() throws IOException {
    List<String> blocks = blocks(ROOT.resolve("README.md"));
    List<JavaFileObject> units = new ArrayList<>();
    for (int index = 0; index < blocks.size(); index++) {
      units.add(unit("readme" + index, blocks.get(index)));
    }

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
    assertThat(compile(units)).as("compiler messages").isEmpty();
  }

  @Test
  void theReadmesHostSetupIsThisProjects() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("## Add it to a host"));
    Matcher xml = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(xml.find()).as("the section's pom excerpt").isTrue();
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    List<String> dependencies = new ArrayList<>();
    Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(xml.group(1));
    while (dependency.find()) {
      String shown = dependency.group(1).replaceAll("<!--.*?-->", "").replaceAll("\\s+", " ").strip();
      dependencies.add(shown);
      assertThat(pom).as("this project's pom").contains(shown);
    }
    assertThat(dependencies).hasSizeGreaterThanOrEqualTo(4).anyMatch(shown -> shown.contains("<scope>import</scope>"));
  }

  @Test
  void everyGuideBlockIsAnExcerptOfTheShippedExample() throws IOException {
    List<String> blocks = blocks(ROOT.resolve("docs/writing-a-connector.md"));
    Path example = ROOT.resolve("backfill-testkit/src/main/java/dev/backfill/testkit/example");
    Path exampleTests = ROOT.resolve("backfill-testkit/src/test/java/dev/backfill/testkit/example");
    List<String> problems = new ArrayList<>();
    for (String block : blocks) {
      if (block.startsWith("module ")) {
        assertThat(parses(block)).as(block).isTrue();
        continue;
      }
      Matcher declared = Pattern.compile("^class (\\w+)", Pattern.MULTILINE).matcher(block);
      Path source = declared.find() ? exampleTests.resolve(declared.group(1) + ".java") : example.resolve("NotesConnector.java");
      excerptProblem(block, source).ifPresent(problems::add);
    }

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
    assertThat(problems).isEmpty();
  }

  private static java.util.Optional<String> excerptProblem(String block, Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8).stream().map(String::strip).collect(Collectors.toList());
    int at = 0;
    for (String line : block.split("\n")) {
      String wanted = line.strip();
      if (wanted.isEmpty() || wanted.equals("...")) {
        continue;
      }
      while (at < lines.size() && !lines.get(at).equals(wanted)) {
        at++;
      }
      if (at == lines.size()) {
        return java.util.Optional.of("'" + wanted + "' is not in " + source.getFileName() + " (in order)");
      }
      at++;
    }
    return java.util.Optional.empty();
  }

  private static JavaFileObject unit(String name, String block) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("import ")) {
        imports.append(line).append('\n');
      } else {
        body.append("    ").append(line).append('\n');
      }
    }
    SDK_IMPORTS.forEach(imported -> imports.append("import ").append(imported).append(";\n"));
    String code = "package readme." + name + ";\n\n" + imports + "\n" + String.format(HOST_CLASS, body + "    return null;");
    return source("readme/" + name + "/Host.java", code);
  }

  private static JavaFileObject source(String path, String code) {
    return new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }

  private static List<String> compile(List<JavaFileObject> units) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("readme-classes");
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      javac.getTask(null, files, diagnostics,
          List.of("-Xlint:all", "-Werror", "-proc:none", "-classpath", System.getProperty("java.class.path"),
              "-d", out.toString()), null, units).call();
    }
    return diagnostics.getDiagnostics().stream()
        .map(diagnostic -> diagnostic.getKind() + " " + diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber()
            + " " + diagnostic.getMessage(null))
        .collect(Collectors.toList());
  }

  private static boolean parses(String code) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject unit = source("module-info.java", code);
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      ((com.sun.source.util.JavacTask) javac.getTask(null, files, diagnostics, List.of(), null, List.of(unit))).parse();
    }
    return diagnostics.getDiagnostics().stream().noneMatch(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR);
  }
}
