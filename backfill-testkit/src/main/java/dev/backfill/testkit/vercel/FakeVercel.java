package dev.backfill.testkit.vercel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.SeededSamples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;

/**
 * A fake Vercel REST API on loopback: projects and deployments in every state generated from a
 * seed, {@code GET /v10/projects} (paged by an opaque continuation token in {@code pagination.next},
 * passed back as {@code from}) and {@code GET /v6/deployments} (newest first, {@code since} and
 * {@code until} in epoch milliseconds, {@code limit}, and a {@code pagination} object whose {@code
 * next} is the creation time to pass as {@code until}), {@code x-ratelimit-*} headers, 429 when the
 * budget is spent or as an injected throttle, and the faults of {@link FakeProvider}.
 *
 * <p>When built with a team id, requests without that {@code teamId} are refused with 403, so a
 * test proves every call is team-scoped.
 */
public final class FakeVercel extends FakeProvider {
  private final Settings settings;
  private final Map<String, String> projects = new LinkedHashMap<>();
  private final Map<String, List<VercelDeployment>> deployments = new LinkedHashMap<>();
  private final List<VercelDeployment> allNewestFirst = new ArrayList<>();

  private FakeVercel(Conditions conditions, Settings settings) {
    super(conditions);
    this.settings = settings;
    generate(conditions.seed());
    start();
  }

  /** Starts configuring a fake. */
  public static Builder builder() {
    return new Builder();
  }

  /** Project ids and names, in listing order. */
  public Map<String, String> projects() {
    return projects;
  }

  /** The deployments of a project, newest first. */
  public List<VercelDeployment> deployments(String projectId) {
    return deployments.getOrDefault(projectId, List.of());
  }

  /** The team every request must name, when the fake was built with one. */
  public Optional<String> teamId() {
    return settings.teamId;
  }

  /** The sourceIds a backfill of {@code range} must emit: deployments created in it. */
  public Set<String> expectedSourceIds(Window range) {
    Set<String> ids = new HashSet<>();
    deployments.values().forEach(list -> list.stream().filter(d -> range.contains(d.created())).forEach(d -> ids.add(d.sourceId())));
    return ids;
  }

  private void generate(long seed) {
    SeededSamples.inSession(() -> {
      Random random = new Random(seed);
      Set<Long> createdTimes = new HashSet<>();
      for (int p = 1; p <= settings.projects; p++) {
        String id = "prj_" + Long.toString(seed * 1000 + p, 36) + "x" + p;
        String name = "app-" + p;
        projects.put(id, name);
        Arbitrary<VercelDeployment> arbitrary = VercelArbitraries.deployments(id, name, historyEnd(), historyDays())
            .filter(deployment -> !createdTimes.contains(deployment.created().toEpochMilli()));
        List<VercelDeployment> list = new ArrayList<>();
        for (VercelDeployment deployment : SeededSamples.distinct(arbitrary, random, settings.deploymentsPerProject, VercelDeployment::uid)) {
          if (createdTimes.add(deployment.created().toEpochMilli())) {
            list.add(deployment);
          }
        }
        list.sort(Comparator.comparing(VercelDeployment::created).reversed());
        deployments.put(id, list);
        allNewestFirst.addAll(list);
      }
      allNewestFirst.sort(Comparator.comparing(VercelDeployment::created).reversed());
    });
  }

  @Override
  protected Optional<FakeResponse> authorize(FakeRequest request) {
    Optional<FakeResponse> refused = super.authorize(request);
    if (refused.isPresent()) {
      return refused;
    }
    String authorization = request.header("Authorization").orElse("");
    if (!authorization.startsWith("Bearer ")) {
      stats().record("unauthorized");
      return Optional.of(json(401, vercelError("unauthorized", "The request is missing an authentication token")));
    }
    if (settings.teamId.isPresent() && !settings.teamId.equals(request.query("teamId"))) {
      stats().record("wrong-team");
      return Optional.of(json(403, vercelError("forbidden", "You don't have permission to access this scope")));
    }
    return Optional.empty();
  }

  @Override
  protected FakeResponse budgetSpent() {
    return json(429, vercelError("rate_limited", "Rate limit exceeded"));
  }

  @Override
  protected FakeResponse throttled() {
    return json(429, vercelError("rate_limited", "Too many requests")).withHeader("retry-after", "1");
  }

  @Override
  protected void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds) {
    response.withHeader("x-ratelimit-limit", Long.toString(limit))
        .withHeader("x-ratelimit-remaining", Long.toString(remaining))
        .withHeader("x-ratelimit-reset", Long.toString(resetEpochSeconds));
  }

  @Override
  protected FakeResponse answer(FakeRequest request, String path) {
    int limit = request.query("limit").map(Integer::parseInt).map(value -> Math.max(1, Math.min(100, value))).orElse(20);
    long until = request.query("until").map(Long::parseLong).orElse(Long.MAX_VALUE);
    if (path.equals("/v10/projects")) {
      Optional<Integer> from = request.query("from").map(FakeVercel::projectsOffset);
      if (from.isPresent() && from.get() < 0) {
        stats().record("bad-continuation");
        return json(400, vercelError("bad_request", "Invalid continuation token"));
      }
      stats().record("projects");
      List<String> ids = new ArrayList<>(projects.keySet());
      int offset = from.orElse(0);
      int size = Math.min(limit, settings.projectsPageSize);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode list = body.putArray("projects");
      slice(ids, offset, size).forEach(id -> list.addObject().put("id", id).put("name", projects.get(id)));
      ObjectNode pagination = body.putObject("pagination");
      pagination.put("count", list.size());
      if (offset + size < ids.size()) {
        pagination.put("next", projectsToken(offset + size));
      } else {
        pagination.putNull("next");
      }
      pagination.putNull("prev");
      return json(200, body.toString());
    }
    if (!path.equals("/v6/deployments")) {
      stats().record("not-found");
      return json(404, vercelError("not_found", "Not Found"));
    }
    stats().record("list");
    long since = request.query("since").map(Long::parseLong).orElse(0L);
    List<VercelDeployment> newestFirst = request.query("projectId").map(this::deployments).orElse(allNewestFirst);
    List<VercelDeployment> page = new ArrayList<>();
    int index = firstCreatedBefore(newestFirst, until);
    for (; index < newestFirst.size() && page.size() < limit && newestFirst.get(index).created().toEpochMilli() >= since; index++) {
      page.add(newestFirst.get(index));
    }
    boolean more = index < newestFirst.size() && newestFirst.get(index).created().toEpochMilli() >= since;
    List<String> items = new ArrayList<>();
    page.forEach(deployment -> items.add(rendered(deployment, () -> deployment.toListItem().toString())));
    ObjectNode pagination = JsonNodeFactory.instance.objectNode();
    pagination.put("count", page.size());
    if (more) {
      pagination.put("next", page.get(page.size() - 1).created().toEpochMilli());
    } else {
      pagination.putNull("next");
    }
    if (page.isEmpty()) {
      pagination.putNull("prev");
    } else {
      pagination.put("prev", page.get(0).created().toEpochMilli());
    }
    return json(200, "{\"deployments\":[" + String.join(",", items) + "],\"pagination\":" + pagination + "}");
  }

  /** The index of the first deployment created before {@code until} in a newest-first list. */
  private static int firstCreatedBefore(List<VercelDeployment> newestFirst, long until) {
    int low = 0;
    int high = newestFirst.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (newestFirst.get(middle).created().toEpochMilli() >= until) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** An opaque continuation token for the projects from {@code offset} on. */
  private static String projectsToken(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("projects:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a continuation token stands for; -1 when it is no token of this fake. */
  private static int projectsOffset(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return decoded.matches("projects:\\d{1,9}") ? Integer.parseInt(decoded.substring("projects:".length())) : -1;
    } catch (IllegalArgumentException notBase64) {
      return -1;
    }
  }

  private static String vercelError(String code, String message) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("error").put("code", code).put("message", message);
    return body.toString();
  }

  /** Configures a {@link FakeVercel}; defaults: 2 projects of 150 deployments over 120 days, no team. */
  public static final class Builder extends FakeProvider.Builder<Builder> {
    private final Settings settings = new Settings();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** How many projects to generate. */
    public Builder projects(int count) {
      settings.projects = count;
      return this;
    }

    /** How many deployments each project holds. */
    public Builder deploymentsPerProject(int count) {
      settings.deploymentsPerProject = count;
      return this;
    }

    /** The most projects one page of the projects list holds, whatever {@code limit} asks; 100 by default. */
    public Builder projectsPageSize(int size) {
      settings.projectsPageSize = size;
      return this;
    }

    /** Scopes the fake to a team: every request must carry this {@code teamId}. */
    public Builder teamId(String teamId) {
      settings.teamId = Optional.of(teamId);
      return this;
    }

    /** Generates the data and starts the server on a free loopback port. */
    public FakeVercel start() {
      return new FakeVercel(conditions, settings);
    }
  }

  private static final class Settings {
    int projects = 2;
    int deploymentsPerProject = 150;
    int projectsPageSize = 100;
    Optional<String> teamId = Optional.empty();
  }
}
