package dev.backfill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Wall times of repeated runs, reported as their median with every run listed. */
final class WallTimes {
  private final List<Double> seconds = new ArrayList<>();

  void add(double runSeconds) {
    seconds.add(runSeconds);
  }

  double median() {
    List<Double> sorted = seconds.stream().sorted().collect(Collectors.toList());
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  @Override
  public String toString() {
    return String.format("median %.2f s of %d runs (%s)", median(), seconds.size(),
        seconds.stream().map(value -> String.format("%.2f", value)).collect(Collectors.joining(", ")));
  }
}
