package com.example.tickets;

import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.SeededSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tickets API on loopback, built on the testkit's {@link FakeProvider}: desks of generated
 * tickets, listed oldest updated first within {@code [updated_since, updated_before)}, by page.
 */
final class FakeTickets extends FakeProvider {
  private final Map<String, List<Ticket>> tickets = new LinkedHashMap<>();

  private FakeTickets(Conditions conditions, List<String> desks, int ticketsPerDesk) {
    super(conditions);
    SeededSamples.inSession(() -> {
      Random random = new Random(conditions.seed());
      for (String desk : desks) {
        List<Ticket> list = new ArrayList<>(SeededSamples.distinct(
            Ticket.arbitrary(desk, historyEnd(), historyDays()), random, ticketsPerDesk, Ticket::id));
        list.sort(Comparator.comparing(Ticket::updatedAt).thenComparing(Ticket::id));
        tickets.put(desk, List.copyOf(list));
      }
    });
    start();
  }

  static Builder builder() {
    return new Builder();
  }

  Set<String> sourceIdsIn(Window range) {
    return tickets.values().stream().flatMap(List::stream)
        .filter(ticket -> range.contains(ticket.updatedAt())).map(Ticket::sourceId).collect(Collectors.toSet());
  }

  @Override
  protected FakeResponse answer(FakeRequest request, String path) {
    String[] parts = path.split("/");
    if (parts.length != 4 || !parts[1].equals("desks") || !parts[3].equals("tickets") || !tickets.containsKey(parts[2])) {
      return json(404, error("no such desk"));
    }
    Instant since = request.query("updated_since").map(Instant::parse).orElse(Instant.EPOCH);
    Instant before = request.query("updated_before").map(Instant::parse).orElse(Instant.MAX);
    int page = request.query("page").map(Integer::parseInt).orElse(1);
    int perPage = request.query("per_page").map(Integer::parseInt).orElse(25);
    List<Ticket> inRange = tickets.get(parts[2]).stream()
        .filter(ticket -> !ticket.updatedAt().isBefore(since) && ticket.updatedAt().isBefore(before))
        .collect(Collectors.toList());
    List<Ticket> slice = slice(inRange, (page - 1) * perPage, perPage);
    String items = slice.stream().map(ticket -> rendered(ticket, () -> ticket.toListItem().toString())).collect(Collectors.joining(","));
    return json(200, "{\"tickets\":[" + items + "],\"has_more\":" + (page * perPage < inRange.size()) + "}");
  }

  @Override
  protected FakeResponse budgetSpent() {
    return json(429, error("rate limited"));
  }

  @Override
  protected FakeResponse throttled() {
    return json(429, error("slow down")).withHeader("Retry-After", "1");
  }

  @Override
  protected void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds) {
    response.withHeader("RateLimit-Remaining", Long.toString(remaining))
        .withHeader("RateLimit-Reset", Long.toString(Math.max(0, resetEpochSeconds - Instant.now().getEpochSecond())));
  }

  static final class Builder extends FakeProvider.Builder<Builder> {
    private List<String> desks = List.of("support", "billing");
    private int ticketsPerDesk = 40;

    @Override
    protected Builder self() {
      return this;
    }

    Builder desks(String... keys) {
      desks = List.of(keys);
      return this;
    }

    Builder ticketsPerDesk(int count) {
      ticketsPerDesk = count;
      return this;
    }

    FakeTickets start() {
      return new FakeTickets(conditions, desks, ticketsPerDesk);
    }
  }
}
