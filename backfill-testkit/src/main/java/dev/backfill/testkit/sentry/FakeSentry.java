package dev.backfill.testkit.sentry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.SeededSamples;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;

/**
 * A fake Sentry web API on loopback: an organization's projects and their issues in every status,
 * generated from a seed. {@code GET /api/0/organizations/{org}/projects/} and {@code GET
 * /api/0/projects/{org}/{project}/issues/} page with {@code Link} headers carrying {@code
 * results} and {@code cursor}, ending with a {@code next} link whose {@code results="false"}.
 * Like Sentry, an issues request without {@code query} implies {@code is:unresolved}; the fake
 * understands terms {@code lastSeen:>=}, {@code lastSeen:>}, {@code lastSeen:<} and {@code
 * lastSeen:<=} with a UTC timestamp, separated by spaces and all applying, and answers 400 to other
 * queries. {@code X-Sentry-Rate-Limit-*} headers, 429 for a spent budget and throttles.
 *
 * <p>Stats kinds besides the common ones: {@code projects}, {@code implied-unresolved}, {@code bad-query}.
 */
public final class FakeSentry extends FakeProvider {
  private static final Pattern PROJECTS_PATH = Pattern.compile("^/api/0/organizations/([^/]+)/projects/?$");
  private static final Pattern ISSUES_PATH = Pattern.compile("^/api/0/projects/([^/]+)/([^/]+)/issues/?$");
  private static final Pattern LAST_SEEN = Pattern.compile("^lastSeen:(>=|>|<=|<)(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})$");

  private final Settings settings;
  private final Map<String, String> projects = new LinkedHashMap<>();
  private final Map<String, List<SentryIssue>> issues = new LinkedHashMap<>();

  private FakeSentry(Conditions conditions, Settings settings) {
    super(conditions);
    this.settings = settings;
    generate(conditions.seed());
    start();
  }

  /** Starts configuring a fake. */
  public static Builder builder() {
    return new Builder();
  }

  /** The organization's slug. */
  public String organization() {
    return settings.organization;
  }

  /** Project slugs and ids, in listing order. */
  public Map<String, String> projects() {
    return projects;
  }

  /** A project's issues, most recently seen first. */
  public List<SentryIssue> issues(String projectSlug) {
    return issues.getOrDefault(projectSlug, List.of());
  }

  /** The sourceIds a backfill of {@code range} must emit: issues last seen in it, every status. */
  public Set<String> expectedSourceIds(Window range) {
    Set<String> ids = new HashSet<>();
    issues.values().forEach(list -> list.stream().filter(issue -> range.contains(issue.lastSeen())).forEach(issue -> ids.add(issue.sourceId())));
    return ids;
  }

  private void generate(long seed) {
    SeededSamples.inSession(() -> {
      Random random = new Random(seed);
      Set<String> ids = new HashSet<>();
      for (int p = 1; p <= settings.projects; p++) {
        String slug = "project-" + p;
        String projectId = Long.toString(4_500_000 + seed * 100 + p);
        projects.put(slug, projectId);
        Arbitrary<SentryIssue> arbitrary = SentryArbitraries.issues(projectId, slug, historyEnd(), historyDays())
            .filter(issue -> !ids.contains(issue.id()));
        List<SentryIssue> list = new ArrayList<>(SeededSamples.distinct(arbitrary, random, settings.issuesPerProject, SentryIssue::id));
        list.forEach(issue -> ids.add(issue.id()));
        list.sort(Comparator.comparing(SentryIssue::lastSeen).thenComparing(SentryIssue::id).reversed());
        issues.put(slug, list);
      }
    });
  }

  @Override
  protected Optional<FakeResponse> authorize(FakeRequest request) {
    Optional<FakeResponse> refused = super.authorize(request);
    if (refused.isEmpty() && !request.header("Authorization").orElse("").startsWith("Bearer ")) {
      stats().record("unauthorized");
      return Optional.of(json(401, detail("Invalid token header. No credentials provided.")));
    }
    return refused;
  }

  @Override
  protected FakeResponse budgetSpent() {
    return json(429, detail("You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds"));
  }

  @Override
  protected FakeResponse throttled() {
    return json(429, detail("You are attempting to use this endpoint too frequently.")).withHeader("Retry-After", "1");
  }

  @Override
  protected void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds) {
    response.withHeader("X-Sentry-Rate-Limit-Limit", Long.toString(limit))
        .withHeader("X-Sentry-Rate-Limit-Remaining", Long.toString(remaining))
        .withHeader("X-Sentry-Rate-Limit-Reset", Long.toString(resetEpochSeconds))
        .withHeader("X-Sentry-Rate-Limit-ConcurrentLimit", "25")
        .withHeader("X-Sentry-Rate-Limit-ConcurrentRemaining", "24");
  }

  @Override
  protected FakeResponse answer(FakeRequest request, String path) {
    int offset = cursorOffset(request);
    Matcher projectsPath = PROJECTS_PATH.matcher(path);
    if (projectsPath.matches() && settings.organization.equals(projectsPath.group(1))) {
      stats().record("projects");
      List<String> slugs = new ArrayList<>(projects.keySet());
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      slice(slugs, offset, settings.projectsPageSize).forEach(slug -> list.addObject().put("id", projects.get(slug)).put("slug", slug).put("name", slug));
      return withLinks(json(200, list.toString()), request, offset, settings.projectsPageSize, slugs.size());
    }
    Matcher issuesPath = ISSUES_PATH.matcher(path);
    if (!issuesPath.matches() || !settings.organization.equals(issuesPath.group(1)) || !projects.containsKey(issuesPath.group(2))) {
      stats().record("not-found");
      return json(404, detail("The requested resource does not exist"));
    }
    Optional<String> query = request.query("query");
    Predicate<Instant> inRange = lastSeen -> true;
    boolean unresolvedOnly = query.isEmpty();
    if (unresolvedOnly) {
      stats().record("implied-unresolved");
    } else {
      for (String term : query.get().trim().split("\\s+")) {
        Matcher lastSeen = LAST_SEEN.matcher(term);
        if (!lastSeen.matches()) {
          stats().record("bad-query");
          return json(400, detail("Invalid query. Error parsing search query: " + query.get()));
        }
        Instant bound;
        try {
          bound = LocalDateTime.parse(lastSeen.group(2)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException unreadable) {
          stats().record("bad-query");
          return json(400, detail("Invalid date in query"));
        }
        inRange = inRange.and(comparison(lastSeen.group(1), bound));
      }
    }
    stats().record("list");
    int limit = request.query("limit").map(Integer::parseInt).map(value -> Math.max(1, Math.min(100, value))).orElse(100);
    List<SentryIssue> matching = new ArrayList<>();
    for (SentryIssue issue : issues.get(issuesPath.group(2))) {
      if (inRange.test(issue.lastSeen()) && (!unresolvedOnly || "unresolved".equals(issue.status()))) {
        matching.add(issue);
      }
    }
    List<String> items = new ArrayList<>();
    slice(matching, offset, limit).forEach(issue -> items.add(rendered(issue, () -> issue.toListItem().toString())));
    return withLinks(json(200, "[" + String.join(",", items) + "]"), request, offset, limit, matching.size());
  }

  private static Predicate<Instant> comparison(String operator, Instant bound) {
    switch (operator) {
      case ">=":
        return lastSeen -> !lastSeen.isBefore(bound);
      case ">":
        return lastSeen -> lastSeen.isAfter(bound);
      case "<=":
        return lastSeen -> !lastSeen.isAfter(bound);
      default:
        return lastSeen -> lastSeen.isBefore(bound);
    }
  }

  private static int cursorOffset(FakeRequest request) {
    return request.query("cursor").map(cursor -> cursor.split(":")).filter(parts -> parts.length == 3)
        .map(parts -> Integer.parseInt(parts[1])).orElse(0);
  }

  private static FakeResponse withLinks(FakeResponse response, FakeRequest request, int offset, int limit, int total) {
    URI uri = URI.create(request.absoluteUrl());
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery().replaceAll("(^|&)cursor=[^&]*", "");
    query = query.startsWith("&") ? query.substring(1) : query;
    String base = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + (query.isEmpty() ? "" : query + "&");
    String previous = "0:" + Math.max(0, offset - limit) + ":1";
    String next = "0:" + (offset + limit) + ":0";
    return response.withHeader("Link", "<" + base + "cursor=" + previous + ">; rel=\"previous\"; results=\"" + (offset > 0)
        + "\"; cursor=\"" + previous + "\", <" + base + "cursor=" + next + ">; rel=\"next\"; results=\"" + (offset + limit < total)
        + "\"; cursor=\"" + next + "\"");
  }

  private static String detail(String message) {
    return JsonNodeFactory.instance.objectNode().put("detail", message).toString();
  }

  /** Configures a {@link FakeSentry}; defaults: organization {@code acme}, 2 projects of 150 issues over 120 days. */
  public static final class Builder extends FakeProvider.Builder<Builder> {
    private final Settings settings = new Settings();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The organization's slug. */
    public Builder organization(String slug) {
      settings.organization = slug;
      return this;
    }

    /** How many projects to generate. */
    public Builder projects(int count) {
      settings.projects = count;
      return this;
    }

    /** How many issues each project holds. */
    public Builder issuesPerProject(int count) {
      settings.issuesPerProject = count;
      return this;
    }

    /** Projects per page of the projects list, 100 by default. */
    public Builder projectsPageSize(int size) {
      settings.projectsPageSize = size;
      return this;
    }

    /** Generates the data and starts the server on a free loopback port. */
    public FakeSentry start() {
      return new FakeSentry(conditions, settings);
    }
  }

  private static final class Settings {
    String organization = "acme";
    int projects = 2;
    int issuesPerProject = 150;
    int projectsPageSize = 100;
  }
}
