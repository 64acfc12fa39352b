package dev.backfill.testkit.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeProvider;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.SeededSamples;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;

/**
 * A fake GitHub REST API on loopback for connector tests and hosts' own tests: repositories with
 * pull requests, issues and releases generated deterministically from a seed, served with the list,
 * detail and installation endpoints, {@code Link} pagination ({@code /repositories/{id}/...} next
 * links, as GitHub sends them), rate-limit headers from a budget, installation tokens, and faults:
 * 5xx, secondary limits (403 with {@code retry-after}), truncated bodies, tokens that expire after
 * a number of requests, slow responses and fixed latency.
 *
 * <p>Stats kinds besides {@link FakeProvider.Stats}' common ones: {@code budget-spent} is GitHub's
 * primary limit (403), {@code throttled} a secondary limit; {@code detail}, {@code installation},
 * {@code token} and {@code expired-token}.
 *
 * <p>Requests may carry the Enterprise Server prefix {@code /api/v3}. The fake's stub has a low
 * priority, so higher-priority stubs a test adds (the conformance suite's faults) win.
 */
public final class FakeGitHub extends FakeProvider {
  private static final Pattern REPO_PATH = Pattern.compile("^/(?:repos/([^/]+/[^/]+)|repositories/(\\d+))/(pulls|issues|releases)(?:/(\\d+))?$");
  private static final Pattern TOKEN_PATH = Pattern.compile("^/app/installations/(\\d+)/access_tokens$");

  private final Settings settings;
  private final Map<String, GitHubRepository> repositories = new LinkedHashMap<>();
  private final Map<String, List<GitHubPullRequest>> pullRequests = new ConcurrentHashMap<>();
  private final Map<String, List<GitHubIssue>> issues = new ConcurrentHashMap<>();
  private final Map<String, List<GitHubRelease>> releases = new LinkedHashMap<>();
  private final Map<String, List<GitHubPullRequest>> pullsByUpdate = new ConcurrentHashMap<>();
  private final Map<String, IssueListing> issuesByCreation = new ConcurrentHashMap<>();
  private final Map<String, List<GitHubRelease>> releasesByCreation = new LinkedHashMap<>();
  private final Map<String, AtomicLong> tokenUses = new ConcurrentHashMap<>();
  private final AtomicLong tokensIssued = new AtomicLong();

  private FakeGitHub(Conditions conditions, Settings settings) {
    super(conditions);
    this.settings = settings;
    generate(conditions.seed());
    start();
  }

  /** Starts configuring a fake. */
  public static Builder builder() {
    return new Builder();
  }

  /** The repositories, in the order the installation lists them. */
  public Collection<GitHubRepository> repositories() {
    return repositories.values();
  }

  /** The pull requests of {@code repository}. */
  public List<GitHubPullRequest> pullRequests(String repository) {
    return pullRequests.getOrDefault(repository, List.of());
  }

  /** The issues of {@code repository}. */
  public List<GitHubIssue> issues(String repository) {
    return issues.getOrDefault(repository, List.of());
  }

  /** The releases of {@code repository}. */
  public List<GitHubRelease> releases(String repository) {
    return releases.getOrDefault(repository, List.of());
  }

  /**
   * The sourceIds a backfill of {@code entityTypes} ({@code pull_request}, {@code issue}, {@code
   * release}) over {@code range} must emit: PRs and issues updated in it, releases published in it,
   * drafts excluded.
   */
  public Set<String> expectedSourceIds(Window range, Collection<String> entityTypes) {
    Set<String> ids = new HashSet<>();
    for (GitHubRepository repo : repositories.values()) {
      String name = repo.fullName();
      if (entityTypes.contains("pull_request")) {
        pullRequests(name).stream().filter(pr -> range.contains(pr.updatedAt())).forEach(pr -> ids.add(pr.sourceId(name)));
      }
      if (entityTypes.contains("issue")) {
        issues(name).stream().filter(issue -> range.contains(issue.updatedAt())).forEach(issue -> ids.add(issue.sourceId(name)));
      }
      if (entityTypes.contains("release")) {
        releases(name).stream().filter(release -> release.publishedAt().map(range::contains).orElse(false))
            .forEach(release -> ids.add(release.sourceId(name)));
      }
    }
    return ids;
  }

  /**
   * Changes the data as activity during a backfill would: {@code pr} replaces the pull request of
   * its number in {@code repository}, or joins it as a new one; the lists re-sort at once, so the
   * next request sees items moved or inserted.
   */
  public synchronized void putPullRequest(String repository, GitHubPullRequest pr) {
    List<GitHubPullRequest> prs = new ArrayList<>(pullRequests(repository));
    prs.removeIf(existing -> existing.number() == pr.number());
    prs.add(pr);
    list(repository, prs, issues(repository));
  }

  /** Like {@link #putPullRequest} for an issue. */
  public synchronized void putIssue(String repository, GitHubIssue issue) {
    List<GitHubIssue> list = new ArrayList<>(issues(repository));
    list.removeIf(existing -> existing.number() == issue.number());
    list.add(issue);
    list(repository, pullRequests(repository), list);
  }

  /** Replaces the repository's pull requests and issues and the lists the API answers from. */
  private void list(String repository, List<GitHubPullRequest> prList, List<GitHubIssue> issueList) {
    List<GitHubPullRequest> byUpdate = new ArrayList<>(prList);
    byUpdate.sort(Comparator.comparing(GitHubPullRequest::updatedAt).thenComparing(GitHubPullRequest::number).reversed());
    List<Object> issueItems = new ArrayList<>(prList);
    issueItems.addAll(issueList);
    issueItems.sort(Comparator.comparing(FakeGitHub::createdAt).reversed());
    pullRequests.put(repository, List.copyOf(prList));
    issues.put(repository, List.copyOf(issueList));
    pullsByUpdate.put(repository, List.copyOf(byUpdate));
    issuesByCreation.put(repository, new IssueListing(issueItems));
  }

  /** Draws the data from the arbitraries, seeded, so the same seed always gives the same fake. */
  private void generate(long seed) {
    SeededSamples.inSession(() -> {
      Random random = new Random(seed);
      Arbitrary<GitHubPullRequest> prs = GitHubArbitraries.pullRequests(historyEnd(), historyDays());
      Arbitrary<GitHubIssue> issueArbitrary = GitHubArbitraries.issues(historyEnd(), historyDays());
      Arbitrary<GitHubRelease> releaseArbitrary = GitHubArbitraries.releases(historyEnd(), historyDays());
      long id = 1000;
      for (String name : settings.repositories) {
        Instant pushedAt = historyEnd().minusSeconds(random.nextInt(historyDays() * 86_400));
        repositories.put(name, GitHubRepository.of(name, ++id, pushedAt));
        List<GitHubPullRequest> prList = new ArrayList<>();
        long number = 0;
        for (GitHubPullRequest pr : SeededSamples.distinct(prs, random, settings.pullRequestsPerRepository, pr -> pr)) {
          prList.add(GitHubPullRequest.builder().from(pr).number(++number).build());
        }
        List<GitHubIssue> issueList = new ArrayList<>();
        for (GitHubIssue issue : SeededSamples.distinct(issueArbitrary, random, settings.issuesPerRepository, issue -> issue)) {
          issueList.add(GitHubIssue.builder().from(issue).number(++number).build());
        }
        List<GitHubRelease> releaseList = new ArrayList<>();
        long releaseId = id * 10_000;
        for (GitHubRelease release : SeededSamples.distinct(releaseArbitrary, random, settings.releasesPerRepository, GitHubRelease::tagName)) {
          releaseList.add(GitHubRelease.builder().from(release).id(++releaseId).build());
        }
        releases.put(name, releaseList);
        list(name, prList, issueList);
        List<GitHubRelease> byCreation = new ArrayList<>(releaseList);
        byCreation.sort(Comparator.comparing(GitHubRelease::createdAt).reversed());
        releasesByCreation.put(name, byCreation);
      }
    });
  }

  @Override
  protected String routedPath(String rawPath) {
    return rawPath.startsWith("/api/v3/") ? rawPath.substring("/api/v3".length()) : rawPath;
  }

  @Override
  protected Optional<FakeResponse> unmetered(FakeRequest request, String path) {
    Matcher token = TOKEN_PATH.matcher(path);
    if (token.matches() && "POST".equals(request.method())) {
      return Optional.of(issueToken(request, Long.parseLong(token.group(1))));
    }
    return Optional.empty();
  }

  @Override
  protected FakeResponse budgetSpent() {
    return json(403, error("API rate limit exceeded for installation."));
  }

  @Override
  protected FakeResponse throttled() {
    return json(403, error("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."))
        .withHeader("retry-after", "1");
  }

  @Override
  protected void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds) {
    response.withHeader("x-ratelimit-limit", Long.toString(limit))
        .withHeader("x-ratelimit-remaining", Long.toString(remaining))
        .withHeader("x-ratelimit-used", Long.toString(limit - remaining))
        .withHeader("x-ratelimit-reset", Long.toString(resetEpochSeconds))
        .withHeader("x-ratelimit-resource", "core");
  }

  @Override
  protected FakeResponse answer(FakeRequest request, String path) {
    if (path.equals("/installation/repositories")) {
      stats().record("installation");
      List<GitHubRepository> repos = new ArrayList<>(repositories.values());
      int perPage = perPage(request);
      int page = page(request);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("total_count", repos.size());
      ArrayNode list = body.putArray("repositories");
      pageOf(repos, page, perPage).forEach(repo -> list.add(repo.toJson()));
      return withLinks(json(200, body.toString()), request, "/installation/repositories", page, pages(repos.size(), perPage));
    }
    Matcher matcher = REPO_PATH.matcher(path);
    GitHubRepository repo = !matcher.matches() ? null
        : matcher.group(1) != null ? repositories.get(matcher.group(1)) : byId(Long.parseLong(matcher.group(2)));
    if (repo == null) {
      stats().record("not-found");
      return json(404, error("Not Found"));
    }
    String kind = matcher.group(3);
    if (matcher.group(4) != null) {
      long number = Long.parseLong(matcher.group(4));
      Optional<GitHubPullRequest> pr = "pulls".equals(kind)
          ? pullRequests(repo.fullName()).stream().filter(candidate -> candidate.number() == number).findFirst()
          : Optional.empty();
      stats().record(pr.isPresent() ? "detail" : "not-found");
      return pr.map(found -> json(200, found.toDetail(repo).toString())).orElseGet(() -> json(404, error("Not Found")));
    }
    stats().record("list");
    int perPage = perPage(request);
    int page = page(request);
    List<String> items = new ArrayList<>();
    int total;
    switch (kind) {
      case "pulls": {
        List<GitHubPullRequest> sorted = pullsByUpdate.get(repo.fullName());
        total = sorted.size();
        pageOf(sorted, page, perPage).forEach(pr -> items.add(rendered(pr, () -> pr.toListItem(repo).toString())));
        break;
      }
      case "issues": {
        Instant since = request.query("since").map(Instant::parse).orElse(Instant.EPOCH);
        List<Object> inWindow = issuesByCreation.get(repo.fullName()).updatedSince(since);
        if (request.query("sort").filter("updated"::equals).isPresent()) {
          Comparator<Object> byUpdate = Comparator.comparing(FakeGitHub::updatedAt).thenComparing(FakeGitHub::number);
          inWindow.sort(request.query("direction").filter("asc"::equals).isPresent() ? byUpdate : byUpdate.reversed());
        }
        total = inWindow.size();
        for (Object entity : pageOf(inWindow, page, perPage)) {
          items.add(entity instanceof GitHubIssue
              ? rendered(entity, () -> ((GitHubIssue) entity).toListItem(repo).toString())
              : rendered(List.of("as-issue", entity), () -> pullRequestAsIssue((GitHubPullRequest) entity, repo).toString()));
        }
        break;
      }
      default: {
        List<GitHubRelease> sorted = releasesByCreation.get(repo.fullName());
        total = sorted.size();
        pageOf(sorted, page, perPage).forEach(release -> items.add(rendered(release, () -> release.toListItem(repo).toString())));
      }
    }
    String linkBase = "/repositories/" + repo.id() + "/" + kind;
    return withLinks(json(200, "[" + String.join(",", items) + "]"), request, linkBase, page, pages(total, perPage));
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
      return Optional.of(json(401, error("Requires authentication")));
    }
    String token = authorization.substring("Bearer ".length());
    AtomicLong uses = tokenUses.get(token);
    if (uses != null && settings.tokenLifetimeRequests > 0 && uses.incrementAndGet() > settings.tokenLifetimeRequests) {
      stats().record("expired-token");
      return Optional.of(json(401, error("Bad credentials")));
    }
    if (uses == null && !settings.acceptedTokens.isEmpty() && !settings.acceptedTokens.contains(token)) {
      stats().record("unauthorized");
      return Optional.of(json(401, error("Bad credentials")));
    }
    return Optional.empty();
  }

  private ObjectNode pullRequestAsIssue(GitHubPullRequest pr, GitHubRepository repo) {
    ObjectNode item = GitHubIssue.builder()
        .number(pr.number())
        .title(pr.title())
        .body(pr.body())
        .author(pr.author())
        .createdAt(pr.createdAt())
        .updatedAt(pr.updatedAt())
        .closedAt(pr.closedAt())
        .labels(pr.labels())
        .assignees(pr.assignees())
        .comments(0)
        .build()
        .toListItem(repo);
    ObjectNode link = item.putObject("pull_request");
    link.put("url", "https://api.example.test/repos/" + repo.fullName() + "/pulls/" + pr.number());
    link.put("html_url", "https://github.example.test/" + repo.fullName() + "/pull/" + pr.number());
    GitHubPullRequest.putInstant(link, "merged_at", pr.state() == GitHubPullRequest.State.MERGED ? pr.closedAt() : Optional.empty());
    return item;
  }

  private FakeResponse issueToken(FakeRequest request, long installationId) {
    String authorization = request.header("Authorization").orElse("");
    if (!authorization.startsWith("Bearer ") || authorization.split("\\.").length != 3) {
      stats().record("unauthorized");
      return json(401, error("A JSON web token could not be decoded"));
    }
    if (settings.installationId != installationId) {
      stats().record("not-found");
      return json(404, error("Not Found"));
    }
    stats().record("token");
    String token = "ghs_fake" + tokensIssued.incrementAndGet() + "x".repeat(20);
    tokenUses.put(token, new AtomicLong());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("token", token);
    body.put("expires_at", Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString());
    body.putObject("permissions").put("pull_requests", "read").put("issues", "read").put("contents", "read");
    body.put("repository_selection", "all");
    return json(201, body.toString());
  }

  private static FakeResponse withLinks(FakeResponse response, FakeRequest request, String linkPath, int page, int pages) {
    URI uri = URI.create(request.absoluteUrl());
    String prefix = uri.getRawPath().startsWith("/api/v3/") ? "/api/v3" : "";
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery().replaceAll("(^|&)page=\\d+", "");
    query = query.startsWith("&") ? query.substring(1) : query;
    String base = uri.getScheme() + "://" + uri.getRawAuthority() + prefix + linkPath + "?" + (query.isEmpty() ? "" : query + "&");
    List<String> links = new ArrayList<>();
    if (page < pages) {
      links.add("<" + base + "page=" + (page + 1) + ">; rel=\"next\"");
      links.add("<" + base + "page=" + pages + ">; rel=\"last\"");
    }
    if (page > 1) {
      links.add("<" + base + "page=1>; rel=\"first\"");
    }
    return links.isEmpty() ? response : response.withHeader("Link", String.join(", ", links));
  }

  private GitHubRepository byId(long id) {
    return repositories.values().stream().filter(repo -> repo.id() == id).findFirst().orElse(null);
  }

  /**
   * Issues and pull requests of a repository, newest first as the issues list API orders them, with
   * their update times in a flat array so a request filters thousands of items without reading each one.
   */
  private static final class IssueListing {
    private final List<Object> newestFirst;
    private final long[] updatedAtMillis;

    IssueListing(List<Object> newestFirst) {
      this.newestFirst = List.copyOf(newestFirst);
      this.updatedAtMillis = newestFirst.stream().mapToLong(entity -> updatedAt(entity).toEpochMilli()).toArray();
    }

    /** The items updated at or after {@code since}, in listing order. */
    List<Object> updatedSince(Instant since) {
      long sinceMillis = epochMillisClamped(since);
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < updatedAtMillis.length; i++) {
        if (updatedAtMillis[i] >= sinceMillis) {
          items.add(newestFirst.get(i));
        }
      }
      return items;
    }

    /** {@code since} in epoch milliseconds; a client may send instants beyond the range of a long. */
    private static long epochMillisClamped(Instant since) {
      if (since.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
        return Long.MAX_VALUE;
      }
      return since.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE)) ? Long.MIN_VALUE : since.toEpochMilli();
    }
  }

  private static Instant createdAt(Object entity) {
    return entity instanceof GitHubIssue ? ((GitHubIssue) entity).createdAt() : ((GitHubPullRequest) entity).createdAt();
  }

  private static long number(Object entity) {
    return entity instanceof GitHubIssue ? ((GitHubIssue) entity).number() : ((GitHubPullRequest) entity).number();
  }

  private static Instant updatedAt(Object entity) {
    return entity instanceof GitHubIssue ? ((GitHubIssue) entity).updatedAt() : ((GitHubPullRequest) entity).updatedAt();
  }

  private static int perPage(FakeRequest request) {
    return request.query("per_page").map(Integer::parseInt).map(value -> Math.max(1, Math.min(100, value))).orElse(30);
  }

  private static int page(FakeRequest request) {
    return request.query("page").map(Integer::parseInt).map(value -> Math.max(1, value)).orElse(1);
  }

  private static int pages(int total, int perPage) {
    return Math.max(1, (total + perPage - 1) / perPage);
  }

  private static <T> List<T> pageOf(List<T> all, int page, int perPage) {
    return slice(all, (page - 1) * perPage, perPage);
  }

  /** Configures a {@link FakeGitHub}; defaults: seed 1, one repository, 120 PRs, 80 issues, 12 releases over 120 days. */
  public static final class Builder extends FakeProvider.Builder<Builder> {
    private final Settings settings = new Settings();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The repositories' {@code owner/name}s. */
    public Builder repositories(String... fullNames) {
      settings.repositories = List.of(fullNames);
      return this;
    }

    /** How many pull requests each repository holds. */
    public Builder pullRequestsPerRepository(int count) {
      settings.pullRequestsPerRepository = count;
      return this;
    }

    /** How many issues each repository holds. */
    public Builder issuesPerRepository(int count) {
      settings.issuesPerRepository = count;
      return this;
    }

    /** How many releases each repository holds. */
    public Builder releasesPerRepository(int count) {
      settings.releasesPerRepository = count;
      return this;
    }

    /** Installation tokens are rejected with 401 after this many requests (0: never). */
    public Builder tokenLifetimeRequests(long requests) {
      settings.tokenLifetimeRequests = requests;
      return this;
    }

    /** The one installation the fake knows, for {@code POST /app/installations/{id}/access_tokens}. */
    public Builder installationId(long installationId) {
      settings.installationId = installationId;
      return this;
    }

    /** Only these static tokens (and issued installation tokens) are accepted; any token when empty. */
    public Builder acceptedTokens(String... tokens) {
      settings.acceptedTokens = Set.of(tokens);
      return this;
    }

    /** Generates the data and starts the server on a free loopback port. */
    public FakeGitHub start() {
      return new FakeGitHub(conditions, settings);
    }
  }

  private static final class Settings {
    List<String> repositories = List.of("acme/api");
    int pullRequestsPerRepository = 120;
    int issuesPerRepository = 80;
    int releasesPerRepository = 12;
    long tokenLifetimeRequests;
    long installationId = 4242;
    Set<String> acceptedTokens = Set.of();
  }
}
