package dev.backfill.core.run;

import dev.backfill.core.error.BackfillCancelledException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cancellation state of one run. Threads register while they do interruptible work (fetching,
 * waiting for a permit) so {@link #cancel} can interrupt them, and only them: a sink in the
 * middle of writing is never interrupted.
 */
final class Cancellation {
  private final Set<Thread> interruptible = new HashSet<>();
  private String reason;

  synchronized void cancel(String why) {
    if (reason == null) {
      reason = why;
    }
    interruptible.forEach(Thread::interrupt);
  }

  synchronized boolean isCancelled() {
    return reason != null;
  }

  synchronized String reason() {
    return reason;
  }

  /** Throws {@link BackfillCancelledException} when the run was cancelled. */
  void check() {
    String why = reason();
    if (why != null) {
      throw new BackfillCancelledException(why);
    }
  }

  /** Runs {@code work} so that a cancel interrupts it; a late interrupt is cleared afterwards. */
  <T> T interruptibly(Supplier<T> work) {
    Thread thread = Thread.currentThread();
    synchronized (this) {
      check();
      interruptible.add(thread);
    }
    try {
      return work.get();
    } finally {
      synchronized (this) {
        interruptible.remove(thread);
        Thread.interrupted();
      }
    }
  }
}
