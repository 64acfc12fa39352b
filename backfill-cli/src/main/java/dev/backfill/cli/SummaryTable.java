package dev.backfill.cli;

import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.spi.Window;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The table a run ends with: one row per (provider, resource, entity type). */
final class SummaryTable {
  private static final String[] HEADER = {
      "provider", "resource", "entity type", "events", "pages", "requests", "skipped", "retries", "rate-limit waits", "elapsed", "status", "range"};

  private final List<String[]> rows = new ArrayList<>();

  void add(BackfillResult result) {
    for (WorkResult work : result.works()) {
      rows.add(new String[] {
          result.provider(),
          work.key().resourceId(),
          work.key().entityType(),
          Long.toString(work.runCounts().events()),
          Long.toString(work.runCounts().pages()),
          Long.toString(work.runCounts().requests()),
          Long.toString(work.runCounts().skipped()),
          Long.toString(work.runCounts().retries()),
          Long.toString(work.runCounts().rateLimitWaits()),
          String.format("%.2fs", work.elapsed().toMillis() / 1000.0),
          work.status().name().toLowerCase(),
          range(work)});
    }
  }

  /** Which ranges the work fetched in this run, whether it resumed one, or that it had covered the requested range already. */
  static String range(WorkResult work) {
    if (work.fetched().isEmpty()) {
      return "covered already";
    }
    String ranges = work.fetched().stream().map(Window::describe).collect(Collectors.joining(", "));
    return (work.resumed() ? "resumed " : "fetched ") + ranges;
  }

  void print(PrintStream out) {
    int[] widths = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      widths[i] = HEADER[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    print(out, HEADER, widths);
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append("-".repeat(width)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    rows.forEach(row -> print(out, row, widths));
  }

  private static void print(PrintStream out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      boolean number = i >= 3 && i <= 9;
      line.append(number ? String.format("%" + widths[i] + "s", cells[i]) : String.format("%-" + widths[i] + "s", cells[i])).append("  ");
    }
    out.println(line.toString().stripTrailing());
  }
}
