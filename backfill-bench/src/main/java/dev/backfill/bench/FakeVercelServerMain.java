package dev.backfill.bench;

import dev.backfill.testkit.vercel.FakeVercel;
import java.time.Instant;

/**
 * Serves a {@link FakeVercel} of {@code args[0]} deployments in 4 projects until its standard
 * input closes, printing {@code ready <baseUrl>} once it listens; {@link HeapFigures} runs it in a
 * JVM of its own so the fake's memory stays out of the measurement.
 */
public final class FakeVercelServerMain {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private FakeVercelServerMain() {}

  public static void main(String[] args) throws Exception {
    int deployments = Integer.parseInt(args[0]);
    try (FakeVercel fake = FakeVercel.builder().seed(100).projects(4).deploymentsPerProject(deployments / 4).history(NOW, 90).start()) {
      System.out.println("ready " + fake.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes our standard input.
      }
    }
  }
}
