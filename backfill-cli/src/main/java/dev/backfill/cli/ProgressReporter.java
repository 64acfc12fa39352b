package dev.backfill.cli;

import dev.backfill.core.run.BackfillListener;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.state.CheckpointKey;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Draws progress on stderr: on a terminal, one bar per (resource, entity type), redrawn in place;
 * otherwise a plain line per page, wait and finished work.
 */
final class ProgressReporter implements BackfillListener {
  private static final int BAR_WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final boolean terminal;
  private final Io io;
  private final String provider;
  private final Map<CheckpointKey, Line> lines = new LinkedHashMap<>();
  private int drawnLines;
  private long lastDraw;

  ProgressReporter(Io io, String provider) {
    this.err = io.err;
    this.terminal = io.terminal;
    this.io = io;
    this.provider = provider;
  }

  private static final class Line {
    long pages;
    long estimate = -1;
    long events;
    String state = "";
  }

  @Override
  public synchronized void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, OptionalLong estimatedTotalPages) {
    Line line = line(key);
    line.pages = pageNumber;
    estimatedTotalPages.ifPresent(total -> line.estimate = total);
    line.state = "";
    update(key, "page " + pageNumber + (estimatedTotalPages.isPresent() ? " of ~" + estimatedTotalPages.getAsLong() : ""));
  }

  @Override
  public synchronized void eventsDispatched(CheckpointKey key, long pageNumber, int events) {
    line(key).events += events;
    redraw(false);
  }

  @Override
  public synchronized void waitingForRateLimit(CheckpointKey key, Instant until, String reason) {
    line(key).state = "waiting " + seconds(Duration.between(Instant.now(), until)) + " (" + io.safe(reason) + ")";
    update(key, line(key).state);
  }

  @Override
  public synchronized void retrying(CheckpointKey key, int failedAttempt, String reason, Duration delay) {
    line(key).state = "retrying in " + seconds(delay) + " after " + io.safe(reason);
    update(key, line(key).state);
  }

  private static String seconds(Duration duration) {
    return String.format("%.1fs", Math.max(0, duration.toMillis()) / 1000.0);
  }

  @Override
  public synchronized void workDone(WorkResult result) {
    Line line = line(result.key());
    line.state = result.status().name().toLowerCase();
    if (result.status().name().equals("COMPLETED")) {
      line.estimate = Math.max(line.pages, result.runCounts().pages());
      line.pages = line.estimate;
    }
    update(result.key(), line.state + ", " + result.runCounts().events() + " events");
    redraw(true);
  }

  /** Leaves the bars as they are and moves below them. */
  synchronized void finish() {
    redraw(true);
    drawnLines = 0;
  }

  private Line line(CheckpointKey key) {
    return lines.computeIfAbsent(key, ignored -> new Line());
  }

  private void update(CheckpointKey key, String message) {
    if (terminal) {
      redraw(false);
    } else {
      err.println("[" + provider + " " + key.resourceId() + " " + key.entityType() + "] " + message);
    }
  }

  private void redraw(boolean force) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    StringBuilder frame = new StringBuilder();
    if (drawnLines > 0) {
      frame.append("\033[").append(drawnLines).append('F');
    }
    for (Map.Entry<CheckpointKey, Line> entry : lines.entrySet()) {
      Line line = entry.getValue();
      int filled = line.estimate > 0 ? (int) Math.min(BAR_WIDTH, line.pages * BAR_WIDTH / line.estimate) : 0;
      frame.append("\033[2K")
          .append(String.format("%-8s %-28s %-13s [", provider, abbreviate(entry.getKey().resourceId()), entry.getKey().entityType()))
          .append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
          .append(line.pages).append(line.estimate > 0 ? "/" + line.estimate : "").append(" pages, ")
          .append(line.events).append(" events ").append(line.state).append('\n');
    }
    drawnLines = lines.size();
    err.print(frame);
    err.flush();
  }

  private static String abbreviate(String text) {
    return text.length() <= 28 ? text : text.substring(0, 25) + "...";
  }
}
