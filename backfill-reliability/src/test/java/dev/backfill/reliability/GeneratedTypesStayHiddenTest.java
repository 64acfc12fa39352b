package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No public method of the SDK takes or returns a type Immutables generated (but {@code build()},
 * whose result is held as the value type): a host keeps a builder in a variable of the value
 * type's own {@code Builder} ({@code Checkpoint.Builder}), and never imports an {@code Immutable*}
 * class.
 */
class GeneratedTypesStayHiddenTest {
  @Test
  void noPublicMethodTakesOrReturnsAGeneratedType() {
    List<String> leaks = new ArrayList<>();
    int scanned = 0;
    for (Class<?> type : ExceptionClassificationTest.sdkClasses()) {
      if (generated(type) || type.getName().contains(".internal.")) {
        continue;
      }
      for (Method method : type.getMethods()) {
        scanned++;
        // build() may say it returns the generated class: it is the value type, held as such.
        boolean buildsTheValue = method.getName().equals("build") && method.getParameterCount() == 0;
        if (generated(method.getReturnType()) && !buildsTheValue) {
          leaks.add(type.getName() + "." + method.getName() + " returns " + method.getReturnType().getName());
        }
        for (Class<?> parameter : method.getParameterTypes()) {
          if (generated(parameter)) {
            leaks.add(type.getName() + "." + method.getName() + " takes " + parameter.getName());
          }
        }
      }
    }
    assertThat(scanned).as("methods scanned").isGreaterThan(500);
    assertThat(leaks).isEmpty();
  }

  private static boolean generated(Class<?> type) {
    Class<?> outer = type;
    while (outer.getEnclosingClass() != null) {
      outer = outer.getEnclosingClass();
    }
    return outer.getSimpleName().startsWith("Immutable") && outer.getPackageName().startsWith("dev.backfill");
  }
}
