package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every type, constructor, method and field a host can reach in the published modules (outside
 * {@code internal} packages) has a doc comment. The javadoc build checks the comments that exist
 * (doclint on everything but missing {@code @param} and {@code @return} tags, which one-line
 * comments need not repeat); this test fails on one that is missing.
 */
class PublicApiDocumentedTest {
  private static final List<String> PUBLISHED = List.of("backfill-core", "backfill-testkit", "backfill-github",
      "backfill-vercel", "backfill-sentry", "backfill-linear", "backfill-temporal", "backfill-micrometer");

  @Test
  void everyReachableDeclarationHasADocComment() throws IOException {
    List<File> sources = new ArrayList<>();
    for (String module : PUBLISHED) {
      Path root = Path.of("..", module, "src", "main", "java");
      assertThat(root).as("sources of %s", module).isDirectory();
      try (Stream<Path> files = Files.walk(root)) {
        sources.addAll(files.filter(file -> file.toString().endsWith(".java"))
            .filter(file -> !file.getFileName().toString().equals("module-info.java"))
            .filter(file -> !file.toString().contains(File.separator + "internal" + File.separator))
            .map(Path::toFile).collect(Collectors.toList()));
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> undocumented = new ArrayList<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
          files.getJavaFileObjectsFromFiles(sources));
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new Scanner(docs, unit, undocumented).scan(unit, null);
      }
    }

    assertThat(sources).hasSizeGreaterThan(100);
    assertThat(undocumented).as("declarations without a doc comment").isEmpty();
  }

  /** Walks the declarations a host can reach, noting those without a comment. */
  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final DocTrees docs;
    private final CompilationUnitTree unit;
    private final List<String> undocumented;

    Scanner(DocTrees docs, CompilationUnitTree unit, List<String> undocumented) {
      this.docs = docs;
      this.unit = unit;
      this.undocumented = undocumented;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      if (!reachable(tree.getModifiers())) {
        return null;
      }
      check(tree.getSimpleName().toString());
      return super.visitClass(tree, unused);
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      boolean overrides = tree.getModifiers().getAnnotations().stream()
          .anyMatch(annotation -> annotation.getAnnotationType().toString().equals("Override"));
      if (reachable(tree.getModifiers()) && !overrides) {
        check(tree.getName() + "()");
      }
      return null;
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree && reachable(tree.getModifiers())) {
        check(tree.getName().toString());
      }
      return null;
    }

    /** Public, protected, or an interface's member that is not private; inside a type that is reachable itself. */
    private boolean reachable(ModifiersTree modifiers) {
      if (modifiers.getFlags().contains(Modifier.PRIVATE)) {
        return false;
      }
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      boolean inInterface = parent instanceof ClassTree
          && (((ClassTree) parent).getKind() == Tree.Kind.INTERFACE || ((ClassTree) parent).getKind() == Tree.Kind.ANNOTATION_TYPE);
      boolean enumConstant = parent instanceof ClassTree && ((ClassTree) parent).getKind() == Tree.Kind.ENUM
          && getCurrentPath().getLeaf() instanceof VariableTree;
      return modifiers.getFlags().contains(Modifier.PUBLIC) || modifiers.getFlags().contains(Modifier.PROTECTED)
          || inInterface || enumConstant;
    }

    private void check(String name) {
      TreePath path = getCurrentPath();
      if (docs.getDocCommentTree(path) == null) {
        long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, path.getLeaf()));
        undocumented.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + " " + name);
      }
    }
  }
}
