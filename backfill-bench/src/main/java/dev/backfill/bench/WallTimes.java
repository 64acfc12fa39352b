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

  /**
   * Prints the SDK's wall times against the latency-bound minimum ({@code boundSeconds}, made of
   * what {@code bound} describes) and against a bare client's times over the same longest chain.
   */
  static void printComparison(WallTimes sdk, double boundSeconds, String bound, WallTimes bare, String bareDoes) {
    System.out.printf("wall %s%n  against the latency-bound minimum %.2f s (%s): ratio %.2f%n",
        sdk, boundSeconds, bound, sdk.median() / boundSeconds);
    System.out.printf("bare client %s: %s%n  against the latency-bound minimum: ratio %.2f; the SDK against the bare client: ratio %.2f%n",
        bareDoes, bare, bare.median() / boundSeconds, sdk.median() / bare.median());
  }

  /** Every run's time, in the order they ran. */
  String runs() {
    return seconds.stream().map(value -> String.format("%.2f", value)).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return String.format("median %.2f s of %d runs (%s)", median(), seconds.size(), runs());
  }
}
