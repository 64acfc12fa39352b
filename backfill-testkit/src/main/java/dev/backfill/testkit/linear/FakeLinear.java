package dev.backfill.testkit.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.SeededSamples;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fake Linear GraphQL API on loopback ({@code POST /graphql}) answering the connector's queries
 * by operation name (BackfillTeams, BackfillIssues, BackfillComments, BackfillProjects) with data
 * generated from a seed: filters on team and {@code updatedAt} honoured, newest-updated first,
 * {@code pageInfo} cursors. It models Linear's two budgets (requests and complexity, resets in
 * epoch milliseconds, {@code X-Complexity} per answer), answers {@code RATELIMITED} GraphQL errors
 * (HTTP 400) when a budget is spent or as an injected throttle, and rejects a query whose
 * complexity exceeds the per-query cap.
 *
 * <p>Stats kinds besides the common ones: {@code too-complex}, {@code complexity-spent}, and the
 * operation names.
 */
public final class FakeLinear extends FakeProvider {
  private static final ObjectMapper JSON = BackfillJson.newMapper();

  private final Settings settings;
  private final Map<String, String> teams = new LinkedHashMap<>();
  private final Map<String, List<LinearIssue>> issues = new LinkedHashMap<>();
  private final Map<String, List<LinearComment>> comments = new LinkedHashMap<>();
  private final Map<String, List<LinearProject>> projects = new LinkedHashMap<>();
  private long complexityWindowStart = System.currentTimeMillis();
  private long complexityRemaining;

  private FakeLinear(Conditions conditions, Settings settings) {
    super(conditions);
    this.settings = settings;
    this.complexityRemaining = settings.complexityBudget;
    generate(conditions.seed());
    start();
  }

  /** Starts configuring a fake. */
  public static Builder builder() {
    return new Builder();
  }

  /** Team keys and ids. */
  public Map<String, String> teams() {
    return teams;
  }

  /** The issues of team {@code teamKey}. */
  public List<LinearIssue> issues(String teamKey) {
    return issues.getOrDefault(teamKey, List.of());
  }

  /** The comments on issues of team {@code teamKey}. */
  public List<LinearComment> comments(String teamKey) {
    return comments.getOrDefault(teamKey, List.of());
  }

  /** The projects of team {@code teamKey}. */
  public List<LinearProject> projects(String teamKey) {
    return projects.getOrDefault(teamKey, List.of());
  }

  /**
   * The sourceIds a backfill of {@code entityTypes} over {@code range} must emit: what was updated
   * in it, as created when that was in the range too.
   */
  public Set<String> expectedSourceIds(Window range, Collection<String> entityTypes) {
    Instant since = range.since();
    Set<String> ids = new HashSet<>();
    for (String team : teams.keySet()) {
      if (entityTypes.contains("issue")) {
        issues(team).stream().filter(issue -> range.contains(issue.updatedAt())).forEach(issue -> ids.add(issue.sourceId(since)));
      }
      if (entityTypes.contains("comment")) {
        comments(team).stream().filter(comment -> range.contains(comment.updatedAt())).forEach(comment -> ids.add(comment.sourceId(since)));
      }
      if (entityTypes.contains("project")) {
        projects(team).stream().filter(project -> range.contains(project.updatedAt())).forEach(project -> ids.add(project.sourceId(since)));
      }
    }
    return ids;
  }

  private void generate(long seed) {
    SeededSamples.inSession(() -> {
      Random random = new Random(seed);
      for (int t = 0; t < settings.teamKeys.size(); t++) {
        String key = settings.teamKeys.get(t);
        String teamId = "team-" + (seed * 100 + t);
        teams.put(key, teamId);
        issues.put(key, newestFirst(SeededSamples.distinct(LinearArbitraries.issues(teamId, key, historyEnd(), historyDays()),
            random, settings.issuesPerTeam, LinearIssue::identifier), Comparator.comparing(LinearIssue::updatedAt)));
        comments.put(key, newestFirst(SeededSamples.distinct(LinearArbitraries.comments(teamId, key, historyEnd(), historyDays()),
            random, settings.commentsPerTeam, LinearComment::id), Comparator.comparing(LinearComment::updatedAt)));
        projects.put(key, newestFirst(SeededSamples.distinct(LinearArbitraries.projects(teamId, historyEnd(), historyDays()),
            random, settings.projectsPerTeam, LinearProject::id), Comparator.comparing(LinearProject::updatedAt)));
      }
    });
  }

  private static <T> List<T> newestFirst(List<T> values, Comparator<T> byUpdate) {
    List<T> sorted = new ArrayList<>(values);
    sorted.sort(byUpdate.reversed());
    return sorted;
  }

  @Override
  protected FakeResponse budgetSpent() {
    return json(400, rateLimited());
  }

  @Override
  protected FakeResponse throttled() {
    return json(400, rateLimited()).withHeader("Retry-After", "1");
  }

  @Override
  protected void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds) {
    long complexityReset;
    long complexityLeft;
    synchronized (this) {
      complexityReset = complexityWindowStart + settings.complexityWindow.toMillis();
      complexityLeft = complexityRemaining;
    }
    response.withHeader("X-RateLimit-Requests-Limit", Long.toString(limit))
        .withHeader("X-RateLimit-Requests-Remaining", Long.toString(remaining))
        .withHeader("X-RateLimit-Requests-Reset", Long.toString(resetEpochSeconds * 1000))
        .withHeader("X-RateLimit-Complexity-Limit", Long.toString(settings.complexityBudget))
        .withHeader("X-RateLimit-Complexity-Remaining", Long.toString(Math.max(0, complexityLeft)))
        .withHeader("X-RateLimit-Complexity-Reset", Long.toString(complexityReset));
  }

  @Override
  protected FakeResponse answer(FakeRequest request, String path) {
    if (!"/graphql".equals(path) || !"POST".equals(request.method())) {
      stats().record("not-found");
      return json(404, graphQlError("Not found", "NOT_FOUND"));
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException unreadable) {
      return json(400, graphQlError("Body is not JSON", "BAD_USER_INPUT"));
    }
    String operation = body.path("operationName").asText("");
    JsonNode variables = body.path("variables");
    int first = variables.path("first").asInt(50);
    int cost = first * nodeCost(operation);
    if (cost > settings.complexityCap) {
      stats().record("too-complex");
      return json(400, graphQlError("Query too complex: " + cost + " points, the limit is " + settings.complexityCap, "QUERY_TOO_COMPLEX"));
    }
    synchronized (this) {
      long now = System.currentTimeMillis();
      if (now - complexityWindowStart >= settings.complexityWindow.toMillis()) {
        complexityWindowStart = now;
        complexityRemaining = settings.complexityBudget;
      }
      if (cost > complexityRemaining) {
        stats().record("complexity-spent");
        return json(400, rateLimited());
      }
      complexityRemaining -= cost;
    }
    stats().record(operation);
    Optional<String> after = Optional.ofNullable(variables.path("after").textValue());
    Instant since = variables.path("since").isTextual() ? Instant.parse(variables.path("since").asText()) : Instant.EPOCH;
    Instant until = body.path("query").asText("").contains("lt: $until") && variables.path("until").isTextual()
        ? Instant.parse(variables.path("until").asText()) : Instant.MAX;
    Window range = Window.of(since, until);
    String teamId = variables.path("teamId").asText("");
    String team = teams.entrySet().stream().filter(entry -> entry.getValue().equals(teamId)).map(Map.Entry::getKey).findFirst().orElse(null);
    String data;
    switch (operation) {
      case "BackfillTeams": {
        Set<String> keys = new HashSet<>();
        variables.path("filter").path("key").path("in").forEach(key -> keys.add(key.asText()));
        List<String> matching = new ArrayList<>();
        teams.keySet().stream().filter(key -> keys.isEmpty() || keys.contains(key)).forEach(matching::add);
        data = "{\"teams\":" + connection(matching, after, first, key -> JsonNodeFactory.instance.objectNode()
            .put("id", teams.get(key)).put("key", key).put("name", key + " team").toString()) + "}";
        break;
      }
      case "BackfillIssues":
        data = "{\"team\":{\"issues\":" + connection(updatedIn(issues.get(team), range, LinearIssue::updatedAt),
            after, first, issue -> rendered(issue, () -> issue.toNode().toString())) + "}}";
        break;
      case "BackfillProjects":
        data = "{\"team\":{\"projects\":" + connection(updatedIn(projects.get(team), range, LinearProject::updatedAt),
            after, first, project -> rendered(project, () -> project.toNode().toString())) + "}}";
        break;
      case "BackfillComments":
        data = "{\"comments\":" + connection(updatedIn(comments.get(team), range, LinearComment::updatedAt),
            after, first, comment -> rendered(comment, () -> comment.toNode().toString())) + "}";
        break;
      default:
        return json(400, graphQlError("Unknown operation " + operation, "GRAPHQL_VALIDATION_FAILED"));
    }
    return json(200, "{\"data\":" + data + "}").withHeader("X-Complexity", Integer.toString(cost));
  }

  /** The run of {@code newestFirst} updated within {@code range}, found by bisection as an index would. */
  private static <T> List<T> updatedIn(List<T> newestFirst, Window range, Function<T, Instant> updatedAt) {
    if (newestFirst == null) {
      return List.of();
    }
    int from = firstOlder(newestFirst, range.until(), updatedAt);
    int to = firstOlder(newestFirst, range.since(), updatedAt);
    return newestFirst.subList(from, Math.max(from, to));
  }

  /** The index of the first item of {@code newestFirst} updated before {@code instant}. */
  private static <T> int firstOlder(List<T> newestFirst, Instant instant, Function<T, Instant> updatedAt) {
    int low = 0;
    int high = newestFirst.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (updatedAt.apply(newestFirst.get(middle)).isBefore(instant)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** One page of {@code all} as the text of a GraphQL connection, each node's text from {@code render}. */
  private static <T> String connection(List<T> all, Optional<String> after, int first, Function<T, String> render) {
    int offset = after.map(cursor -> Integer.parseInt(cursor.substring("cursor:".length()))).orElse(0);
    List<T> page = slice(all, offset, first);
    return "{\"nodes\":[" + page.stream().map(render).collect(Collectors.joining(",")) + "],\"pageInfo\":{\"hasNextPage\":"
        + (offset + page.size() < all.size()) + ",\"endCursor\":" + (page.isEmpty() ? "null" : "\"cursor:" + (offset + page.size()) + "\"")
        + "}}";
  }

  private static int nodeCost(String operation) {
    switch (operation) {
      case "BackfillIssues":
        return 25;
      case "BackfillComments":
        return 4;
      case "BackfillProjects":
        return 15;
      default:
        return 1;
    }
  }

  private static String rateLimited() {
    return graphQlError("Rate limit exceeded", "RATELIMITED");
  }

  private static String graphQlError(String message, String code) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("message", message);
    error.putObject("extensions").put("code", code);
    body.putNull("data");
    return body.toString();
  }

  /** Configures a {@link FakeLinear}; defaults: teams ENG and OPS with 120 issues, 60 comments and 8 projects each over 120 days. */
  public static final class Builder extends FakeProvider.Builder<Builder> {
    private final Settings settings = new Settings();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The teams' keys. */
    public Builder teams(String... keys) {
      settings.teamKeys = List.of(keys);
      return this;
    }

    /** How many issues each team holds. */
    public Builder issuesPerTeam(int count) {
      settings.issuesPerTeam = count;
      return this;
    }

    /** How many comments each team's issues hold. */
    public Builder commentsPerTeam(int count) {
      settings.commentsPerTeam = count;
      return this;
    }

    /** How many projects each team holds. */
    public Builder projectsPerTeam(int count) {
      settings.projectsPerTeam = count;
      return this;
    }

    /** The most complexity one query may cost; costlier queries are rejected as too complex. */
    public Builder complexityCap(int points) {
      settings.complexityCap = points;
      return this;
    }

    /** The complexity budget: {@code points} per {@code window}. */
    public Builder complexityBudget(long points, Duration window) {
      settings.complexityBudget = points;
      settings.complexityWindow = window;
      return this;
    }

    /** Generates the data and starts the server on a free loopback port. */
    public FakeLinear start() {
      return new FakeLinear(conditions, settings);
    }
  }

  private static final class Settings {
    List<String> teamKeys = List.of("ENG", "OPS");
    int issuesPerTeam = 120;
    int commentsPerTeam = 60;
    int projectsPerTeam = 8;
    int complexityCap = 10_000;
    long complexityBudget = 250_000;
    Duration complexityWindow = Duration.ofHours(1);
  }
}
