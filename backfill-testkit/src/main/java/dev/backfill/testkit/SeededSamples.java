package dev.backfill.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Draws values from jqwik arbitraries deterministically from a seed, outside a property too: the
 * fakes generate their data this way, so a fake and a property share one notion of a valid entity.
 */
public final class SeededSamples {
  private SeededSamples() {}

  /** Runs {@code work} in a jqwik session of its own unless one is active. */
  public static void inSession(Runnable work) {
    boolean own = !JqwikSession.isActive();
    if (own) {
      JqwikSession.start();
    }
    try {
      work.run();
    } finally {
      if (own) {
        JqwikSession.finish();
      }
    }
  }

  /** {@code count} values whose {@code key}s differ, drawn from {@code arbitrary} with {@code random}. Call inside {@link #inSession}. */
  public static <T> List<T> distinct(Arbitrary<T> arbitrary, Random random, int count, Function<T, ?> key) {
    RandomGenerator<T> generator = arbitrary.generator(100);
    List<T> values = new ArrayList<>(count);
    Set<Object> keys = new HashSet<>();
    while (values.size() < count) {
      T value = generator.next(random).value();
      if (keys.add(key.apply(value))) {
        values.add(value);
      }
    }
    return values;
  }
}
