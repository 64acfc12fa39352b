package dev.backfill.testkit.example;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.SeededSamples;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The example "notes" API on loopback, built on {@link FakeProvider} the way a connector author
 * writes a fake of their provider: projects of {@link Note}s generated from a seed, {@code GET
 * /api/projects} and {@code GET /api/projects/{key}/notes?limit=N[&cursor=C]} (newest updated
 * first, the next cursor in the body's {@code next}), {@code X-RateLimit-Remaining} and {@code
 * X-RateLimit-Reset} headers, 429 when the budget is spent, and every fault and override of
 * {@link FakeProvider}.
 *
 * <pre>{@code
 * try (FakeNotes fake = FakeNotes.builder().projects("alpha", "beta").notesPerProject(23).start()) {
 *   String baseUrl = fake.baseUrl() + "/api";      // NotesConnector.BASE_URL
 *   Set<String> expected = fake.sourceIdsIn(window);
 * }
 * }</pre>
 */
public final class FakeNotes extends FakeProvider {
  private final Map<String, List<Note>> notes = new LinkedHashMap<>();

  private FakeNotes(Conditions conditions, List<String> projects, int notesPerProject) {
    super(conditions);
    SeededSamples.inSession(() -> {
      Random random = new Random(conditions.seed());
      for (String project : projects) {
        List<Note> list = new ArrayList<>(SeededSamples.distinct(
            Note.arbitrary(project, historyEnd(), historyDays()), random, notesPerProject, Note::id));
        list.sort(Comparator.comparing(Note::updatedAt).reversed());
        notes.put(project, List.copyOf(list));
      }
    });
    start();
  }

  /** Starts configuring a fake; defaults: projects alpha and beta of 23 notes over 120 days. */
  public static Builder builder() {
    return new Builder();
  }

  /** The notes of {@code project}, newest updated first. */
  public List<Note> notes(String project) {
    return notes.getOrDefault(project, List.of());
  }

  /** The sourceIds a backfill of {@code range} must emit: notes updated in it. */
  public Set<String> sourceIdsIn(Window range) {
    Set<String> ids = new HashSet<>();
    notes.values().forEach(list -> list.stream().filter(note -> range.contains(note.updatedAt())).forEach(note -> ids.add(note.sourceId())));
    return ids;
  }

  @Override
  protected String routedPath(String rawPath) {
    return rawPath.startsWith("/api/") ? rawPath.substring(4) : rawPath;
  }

  @Override
  protected FakeResponse answer(FakeRequest request, String path) {
    if (path.equals("/projects")) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode list = body.putArray("projects");
      notes.keySet().forEach(key -> list.addObject().put("key", key));
      return json(200, body.toString());
    }
    String[] parts = path.split("/");
    if (parts.length != 4 || !parts[1].equals("projects") || !parts[3].equals("notes") || !notes.containsKey(parts[2])) {
      stats().record("not-found");
      return json(404, error("Not Found"));
    }
    stats().record("list");
    int limit = request.query("limit").map(Integer::parseInt).map(value -> Math.max(1, Math.min(100, value))).orElse(20);
    int from = request.query("cursor").map(Integer::parseInt).orElse(0);
    List<Note> all = notes.get(parts[2]);
    List<Note> page = slice(all, from, limit);
    String items = page.stream().map(note -> rendered(note, () -> note.toListItem().toString())).collect(Collectors.joining(","));
    String next = from + limit < all.size() ? "\"" + (from + limit) + "\"" : "null";
    return json(200, "{\"notes\":[" + items + "],\"next\":" + next + "}");
  }

  @Override
  protected FakeResponse budgetSpent() {
    return json(429, error("Rate limit exceeded"));
  }

  @Override
  protected FakeResponse throttled() {
    return json(429, error("Slow down")).withHeader("Retry-After", "1");
  }

  @Override
  protected void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds) {
    response.withHeader("X-RateLimit-Remaining", Long.toString(remaining))
        .withHeader("X-RateLimit-Reset", Long.toString(resetEpochSeconds));
  }

  /** Configures a {@link FakeNotes}. */
  public static final class Builder extends FakeProvider.Builder<Builder> {
    private List<String> projects = List.of("alpha", "beta");
    private int notesPerProject = 23;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The projects' keys, in listing order. */
    public Builder projects(String... keys) {
      projects = List.of(keys);
      return this;
    }

    /** How many notes each project holds. */
    public Builder notesPerProject(int count) {
      notesPerProject = count;
      return this;
    }

    /** Generates the notes and starts the server on a free loopback port. */
    public FakeNotes start() {
      return new FakeNotes(conditions, projects, notesPerProject);
    }
  }
}
