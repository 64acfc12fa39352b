package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.error.CursorLoopException;
import dev.backfill.core.error.ForeignOriginException;
import dev.backfill.core.error.InvalidCursorException;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.error.ProviderConnectionException;
import dev.backfill.core.error.ProviderException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.error.StateLockedException;
import dev.backfill.core.error.StorageException;
import dev.backfill.core.error.UnknownProviderException;
import dev.backfill.core.error.WorkLimitExceededException;
import dev.backfill.core.http.BoundedHttp;
import dev.backfill.linear.LinearGraphQlException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every exception type the SDK's modules define is a {@link BackfillException} in the error
 * package (or its connector's own package) and is classified: it answers {@code retryable()} and
 * {@code provider()} as this table says. A new exception type fails here until it is added.
 */
class ExceptionClassificationTest {
  private static final IOException CAUSE = new IOException("connection reset");

  /** One instance of each type, with whether it is retryable; ProviderApiException twice, by status. */
  private static Map<BackfillException, Boolean> classified() {
    Map<BackfillException, Boolean> table = new LinkedHashMap<>();
    table.put(new BackfillException("a bug"), false);
    table.put(new BackfillCancelledException("cancelled"), false);
    table.put(new CheckpointCorruptedException("state/x.json", CAUSE), false);
    table.put(new CursorLoopException("loop"), false);
    table.put(new InvalidCursorException("github", "not a URL"), false);
    table.put(new InvalidPayloadException("no number"), false);
    table.put(new StateLockedException("state", "pid 1"), true);
    table.put(new StorageException("disk full", CAUSE), true);
    table.put(new UnknownProviderException("gitlab", Set.of("github")), false);
    table.put(new WorkLimitExceededException("too many pages"), false);
    table.put(new AuthenticationException("github", "refused"), false);
    table.put(new ForeignOriginException("github", "https://evil.test/x", "https://api.github.com"), false);
    table.put(new MalformedResponseException("github", "https://api.github.com/x", "truncated", CAUSE), false);
    table.put(new ProviderApiException("github", 404, "https://api.github.com/x", ""), false);
    table.put(new ProviderApiException("github", 503, "https://api.github.com/x", ""), true);
    table.put(new ProviderConnectionException("github", "https://api.github.com/x", CAUSE), true);
    table.put(new RateLimitExhaustedException("github", "https://api.github.com/x", Instant.EPOCH, "spent"), true);
    table.put(new LinearGraphQlException("issues", "Cannot query field", "issues.nodes"), false);
    return table;
  }

  @Test
  void everyExceptionTypeOfEveryModuleIsInTheTable() {
    Set<String> found = new TreeSet<>();
    for (Class<?> type : sdkClasses()) {
      if (type == BoundedHttp.BodyTooLargeException.class) {
        continue; // an IOException like the JDK's own, thrown only by BoundedHttp.send to connector code that maps it
      }
      if (Throwable.class.isAssignableFrom(type)) {
        assertThat(BackfillException.class).as("%s is a BackfillException", type).isAssignableFrom(type);
        found.add(type.getName());
      }
    }
    Set<String> covered = new TreeSet<>();
    classified().keySet().forEach(instance -> covered.add(instance.getClass().getName()));
    covered.add(ProviderException.class.getName());
    assertThat(found).isEqualTo(covered);
  }

  @Test
  void eachAnswersRetryableAndProviderAsClassified() {
    classified().forEach((instance, retryable) -> {
      assertThat(instance.retryable()).as("%s retryable", instance).isEqualTo(retryable);
      if (instance instanceof ProviderException || instance instanceof InvalidCursorException) {
        assertThat(instance.provider()).as("%s provider", instance).isPresent();
      } else {
        assertThat(instance.provider()).as("%s provider", instance).isEmpty();
      }
    });
    ProviderException api = new ProviderApiException("github", 503, "https://api.github.com/x", "");
    assertThat(api.status()).hasValue(503);
    assertThat(api.url()).contains("https://api.github.com/x");
  }

  @Test
  void exceptionsLiveInTheErrorPackageOrTheirConnectorsOwn() {
    for (Class<?> type : sdkClasses()) {
      if (BackfillException.class.isAssignableFrom(type) && type.getName().startsWith("dev.backfill.core.")) {
        assertThat(type.getPackageName()).as(type.getName()).isEqualTo("dev.backfill.core.error");
      }
    }
  }

  /** Every public class, nested ones included, of the SDK's modules on the class path (tests excluded). */
  static List<Class<?>> sdkClasses() {
    List<String> names = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      boolean ours = path.toString().contains("backfill-") && !path.toString().contains("test-classes");
      if (!ours || !Files.exists(path)) {
        continue;
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files.map(file -> path.relativize(file).toString()).filter(ExceptionClassificationTest::isClass).forEach(names::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        try (JarFile jar = new JarFile(path.toFile())) {
          Collections.list(jar.entries()).stream().map(e -> e.getName()).filter(ExceptionClassificationTest::isClass)
              .forEach(names::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    assertThat(names).as("the scan found the SDK's classes").anyMatch(name -> name.endsWith("BackfillException.class"));
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      try {
        Class<?> type = Class.forName(name.replace('/', '.').replace(".class", ""), false, ExceptionClassificationTest.class.getClassLoader());
        if (Modifier.isPublic(type.getModifiers())) {
          classes.add(type);
        }
      } catch (ClassNotFoundException | LinkageError unloadable) {
        throw new AssertionError("cannot load " + name, unloadable);
      }
    }
    return classes;
  }

  private static boolean isClass(String name) {
    return name.startsWith("dev/backfill/") && name.endsWith(".class") && !name.endsWith("module-info.class")
        && !name.endsWith("package-info.class");
  }
}
