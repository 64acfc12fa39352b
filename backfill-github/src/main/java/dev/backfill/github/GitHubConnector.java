package dev.backfill.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.LinkHeader;
import dev.backfill.core.http.PercentEncoding;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.CommonSettings;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.ConnectorDescriptor;
import dev.backfill.core.spi.ConnectorOption;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageEstimate;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.Window;
import dev.backfill.github.internal.GitHubListAdapters;
import dev.backfill.github.internal.GitHubTransformer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backfills GitHub pull requests, issues and releases of a personal/OAuth token's repositories or
 * of a GitHub App installation.
 *
 * <p>Settings (all optional): see {@link #SETTINGS} and the constants below.
 */
public final class GitHubConnector implements BackfillConnector {
  /** The API base of github.com. */
  public static final String DEFAULT_BASE_URL = "https://api.github.com";

  private static final int MAX_PAGE_SIZE = 100;
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  /** The API base: {@code https://HOST/api/v3} for GitHub Enterprise Server. */
  public static final Setting<URI> BASE_URL = CommonSettings.baseUrl(DEFAULT_BASE_URL)
      .described("the API base URL: https://HOST/api/v3 for GitHub Enterprise Server, or a fake");
  /** Repositories as {@code owner/name}; without them, every repository of the App installation, most recently pushed first. */
  public static final Setting<List<String>> REPOSITORIES = Setting.list("repositories",
      "owner/name repositories; without it, every repository of the App installation, most recently pushed first")
      .check(names -> names.stream().allMatch(name -> REPOSITORY.matcher(name).matches()), "must list owner/name repositories");
  /** Whether to fetch each pull request's detail (one more request each) for additions, deletions, changed files and commits. */
  public static final Setting<Boolean> PULL_REQUEST_DETAILS = Setting.flag("pullRequestDetails", false,
      "fetch each pull request's detail (one more request each) for additions, deletions, changed files and commits");
  /** Requests of the hourly budget left unspent; 50 by default. */
  public static final Setting<Integer> RATE_LIMIT_RESERVE = CommonSettings.rateLimitReserve(50);
  /** Requests in flight per connection; 4 by default. */
  public static final Setting<Integer> MAX_CONCURRENT_REQUESTS = CommonSettings.maxConcurrentRequests(4);
  /** Items per list request, at most 100. */
  public static final Setting<Integer> PAGE_SIZE = CommonSettings.pageSize(MAX_PAGE_SIZE);
  /** Every setting of a GitHub connection. */
  public static final SettingsSpec SETTINGS =
      SettingsSpec.of(BASE_URL, REPOSITORIES, PULL_REQUEST_DETAILS, RATE_LIMIT_RESERVE, MAX_CONCURRENT_REQUESTS, PAGE_SIZE);

  /** Pull requests. */
  public static final String PULL_REQUEST = "pull_request";
  /** Issues, pull requests left out. */
  public static final String ISSUE = "issue";
  /** Published releases. */
  public static final String RELEASE = "release";

  private static final Pattern PAGE_PARAM = Pattern.compile("[?&]page=(\\d+)");
  /** A range that ends at least this long before now is historical: its issues are listed oldest first. */
  private static final Duration RECENT = Duration.ofMinutes(1);
  /** How far a host's clock may be ahead of GitHub's, when a response carries no {@code Date}. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  /**
   * How long before its {@code Date} a response's items may have been read: GitHub ends any
   * request it has worked on for 10 seconds.
   */
  private static final Duration LONGEST_REQUEST = Duration.ofSeconds(10);

  @Override
  public String providerId() {
    return GitHubTransformer.SOURCE;
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of(PULL_REQUEST, ISSUE, RELEASE);
  }

  /** A token in GITHUB_TOKEN, --repo for repositories, or a GitHub App installation; GitHub's webhooks. */
  private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder()
      .credentialVariable("GITHUB_TOKEN")
      .addOptions(ConnectorOption.setting("--repo", REPOSITORIES, "a repository owner/name; repeatable. Without it, every repository"
          + " of --installation"))
      .addOptions(ConnectorOption.credential("--installation", "the GitHub App installation id (with --app-id and --private-key)", false))
      .addOptions(ConnectorOption.credential("--app-id", "the GitHub App's id or client id", false))
      .addOptions(ConnectorOption.credential("--private-key", "the GitHub App's private key PEM file", true))
      .credentialForm(GitHubConnector::appCredentials)
      .webhooks(GitHubWebhooks.handler())
      .build();

  @Override
  public ConnectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  private static CredentialProvider appCredentials(Map<String, String> values, Settings settings) {
    String installation = values.get("--installation");
    String appId = values.get("--app-id");
    String key = values.get("--private-key");
    if (installation == null || appId == null || key == null) {
      throw new IllegalArgumentException("a GitHub App installation needs --installation, --app-id and --private-key together");
    }
    long installationId;
    try {
      installationId = Long.parseLong(installation.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("--installation must be a number, got '" + installation + "'");
    }
    return GitHubAppCredentials.builder().appId(appId.trim()).installationId(installationId).privateKeyPem(key)
        .apiBase(settings.get(BASE_URL)).build();
  }

  @Override
  public SettingsSpec settings() {
    return SETTINGS;
  }

  @Override
  public HttpProfile httpProfile(Settings settings) {
    return HttpProfile.builder()
        .provider(providerId())
        .apiBase(settings.get(BASE_URL))
        .putHeaders("Accept", "application/vnd.github+json")
        .putHeaders("X-GitHub-Api-Version", "2022-11-28")
        .putHeaders("User-Agent", "backfill-sdk")
        .rateLimitPolicy(HeaderRateLimitPolicy.builder().headers("x-ratelimit-").reserve(settings.get(RATE_LIMIT_RESERVE)).build())
        .maxConcurrentRequests(settings.get(MAX_CONCURRENT_REQUESTS))
        .addStages(GitHubConnector::rateLimitForbidden)
        .build();
  }

  /**
   * GitHub answers its primary and secondary rate limits with 403 as well as 429: a 403 with
   * {@code retry-after}, a spent {@code x-ratelimit-remaining}, or a body that mentions a rate
   * limit is a throttle; other 403s stay errors.
   */
  static ResponseStage.Verdict rateLimitForbidden(int status, HttpHeaders headers, String body, ResponseStage.ConnectionLimits limits) {
    boolean rateLimited = status == 403 && (headers.firstValue("retry-after").isPresent()
        || headers.firstValue("x-ratelimit-remaining").map(GitHubConnector::spent).orElse(false)
        || body.toLowerCase(Locale.ROOT).contains("rate limit"));
    return rateLimited ? ResponseStage.Verdict.THROTTLED : ResponseStage.Verdict.AS_IS;
  }

  private static boolean spent(String remaining) {
    try {
      return Double.parseDouble(remaining.trim()) <= 0;
    } catch (NumberFormatException unreadable) {
      return false;
    }
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<String> explicit = context.settings().get(REPOSITORIES);
    if (!explicit.isEmpty()) {
      return Resource.allOf(explicit);
    }
    List<JsonNode> repositories = new ArrayList<>();
    URI next = context.http().resolve("installation/repositories?per_page=" + MAX_PAGE_SIZE);
    Set<URI> fetched = new HashSet<>();
    while (next != null && fetched.add(next)) {
      ProviderResponse response = context.http().get(next);
      response.array("repositories").forEach(repositories::add);
      next = response.links().rel("next").map(LinkHeader.Link::uri).orElse(null);
    }
    repositories.sort(Comparator.comparing((JsonNode repo) -> repo.path("pushed_at").asText("")).reversed());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode repo : repositories) {
      Payloads.text(repo, "full_name").ifPresent(name -> resources.add(Resource.builder()
          .id(name)
          .putAttributes("pushedAt", repo.path("pushed_at").asText(""))
          .build()));
    }
    return resources;
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    String repo = request.resource().id();
    int perPage = context.settings().get(PAGE_SIZE);
    ListCursor cursor = request.cursor().map(ListCursor::parse)
        .orElseGet(() -> ListCursor.of(firstPage(context, request, perPage), Set.of()));
    if (cursor.checksChanges()) {
      return changesWhileSplit(context, request, cursor);
    }
    URI url = cursor.url;
    ProviderResponse response = context.http().get(url);
    JsonNode items = response.array("");
    ObjectNode repository = GitHubListAdapters.repository(repo);
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    boolean details = context.settings().get(PULL_REQUEST_DETAILS);
    Window window = request.window();
    boolean oldestFirst = ISSUE.equals(request.entityType()) && query(url, "direction").filter("asc"::equals).isPresent();
    Instant pageSince = query(url, "since").map(Instant::parse).orElse(window.since());
    Instant lastUpdated = pageSince;
    Set<Long> atLastUpdated = new HashSet<>(cursor.seen);
    Page.Builder page = Page.builder().itemsSeen(items.size()).boundary(cursor.boundary()).meets(cursor.meets());
    if (cursor.boundary().isPresent() || cursor.meets().isPresent()) {
      page.itemKeys(itemKeys(items));
    }
    boolean reachedEnd = false;
    Instant newest = null;
    Instant oldest = null;
    for (int index = 0; index < items.size() && !reachedEnd; index++) {
      JsonNode item = items.get(index);
      try {
        switch (request.entityType()) {
          case PULL_REQUEST: {
            Instant updated = Payloads.requireInstant(item, "updated_at");
            newest = newest == null ? updated : newest;
            oldest = updated;
            if (!updated.isBefore(window.until())) {
              break;
            }
            if (updated.isBefore(window.since())) {
              reachedEnd = true;
              break;
            }
            JsonNode pr = details ? pullRequestDetail(context, repo, item) : item;
            page.addEvents(event("pull_request", GitHubListAdapters.pullRequest(pr, repository), transform));
            break;
          }
          case ISSUE: {
            Instant updated = Payloads.requireInstant(item, "updated_at");
            if (oldestFirst) {
              long number = Payloads.requireLong(item, "number");
              if (!updated.isBefore(window.until())) {
                reachedEnd = true;
                break;
              }
              boolean deliveredBefore = updated.equals(pageSince) && cursor.seen.contains(number);
              if (!updated.equals(lastUpdated)) {
                lastUpdated = updated;
                atLastUpdated.clear();
              }
              atLastUpdated.add(number);
              if (deliveredBefore) {
                break;
              }
            }
            if (item.has("pull_request") || !window.contains(updated)) {
              break;
            }
            page.addEvents(event("issues", GitHubListAdapters.issue(item, repository), transform));
            break;
          }
          case RELEASE: {
            Optional<ObjectNode> envelope = GitHubListAdapters.release(item, repository);
            if (envelope.isEmpty()) {
              break;
            }
            Instant published = Payloads.instant(item, "published_at").orElseGet(() -> Payloads.requireInstant(item, "created_at"));
            newest = newest == null ? published : newest;
            oldest = published;
            if (!published.isBefore(window.until())) {
              break;
            }
            if (published.isBefore(window.since())) {
              reachedEnd = true;
              break;
            }
            page.addEvents(event("release", envelope.get(), transform));
            break;
          }
          default:
            throw new IllegalArgumentException("GitHub has no entity type '" + request.entityType() + "'");
        }
      } catch (InvalidPayloadException malformed) {
        page.addSkipped(SkippedItem.of(itemId(repo, request.entityType(), item, index, request.pageNumber()), malformed.getMessage()));
      }
    }
    LinkHeader links = response.links();
    Optional<LinkHeader.Link> next = reachedEnd || cursor.endsPart() ? Optional.empty() : links.rel("next");
    OptionalLong lastPage = lastPage(links);
    if (next.isPresent() && oldestFirst && lastUpdated.isAfter(pageSince)) {
      page.nextCursor(ListCursor.of(issuesPage(context, repo, lastUpdated, perPage, true), atLastUpdated).toCursor());
    } else if (next.isPresent() && request.maxParts() > 1 && request.cursor().isEmpty() && !oldestFirst && lastPage.isPresent()) {
      int last = (int) Math.min(Integer.MAX_VALUE, lastPage.getAsLong());
      int end = ISSUE.equals(request.entityType()) ? last : estimatedEnd(window.since(), newest, oldest, items.size(), perPage, last);
      List<ListCursor> parts = ListCursor.split(next.get().uri(), end, last, request.maxParts());
      page.nextCursor(parts.get(0).toCursor());
      parts.subList(1, parts.size()).forEach(part -> page.addParts(RangePart.of(window, part.toCursor())));
      if (parts.size() > 1) {
        Instant changedSince = readBy(response, context);
        URI check = ISSUE.equals(request.entityType()) ? issuesPage(context, repo, changedSince, 1, false) : firstPage(context, request, 1);
        page.addParts(RangePart.closing(window, ListCursor.closing(check, changedSince, url, parts).toCursor()));
      }
    } else if (next.isPresent() && oldestFirst) {
      page.nextCursor(ListCursor.of(next.get().uri(), atLastUpdated).toCursor());
    } else if (next.isPresent()) {
      page.nextCursor(cursor.after(next.get().uri()).toCursor());
    }
    lastPage.ifPresent(page::estimatedTotalPages);
    return page.build();
  }

  /**
   * The check that closes a split list: whether anything changed from {@code changedSince} on that
   * may have pushed items across the boundaries between the parts while they ran (an issue, pull
   * request or release created, a pull request updated, an issue updated into the list's {@code
   * since}). It reads one item: the first issue changed since then, or the newest pull request
   * (by update) or release (by creation). Nothing changed: the list is done. Something did: from
   * each page where a part began, the list is read again until it meets that part's first page.
   * Delivers nothing itself.
   */
  private Page changesWhileSplit(ConnectorContext context, PageRequest request, ListCursor cursor) {
    ProviderResponse response = context.http().get(cursor.url);
    JsonNode items = response.array("");
    boolean changed;
    try {
      changed = items.size() > 0 && (ISSUE.equals(request.entityType()) || !Payloads.requireInstant(items.get(0),
          PULL_REQUEST.equals(request.entityType()) ? "updated_at" : "created_at").isBefore(cursor.changedSince.orElseThrow()));
    } catch (InvalidPayloadException malformed) {
      changed = true;
    }
    Page.Builder page = Page.builder().itemsSeen(items.size());
    if (changed) {
      cursor.meetings().forEach(meeting -> page.addParts(RangePart.of(request.window(), meeting.toCursor())));
    }
    return page.build();
  }

  /**
   * The numbers of the items of a page where parts meet (ids for releases), pull requests in the
   * issue list included: they tell the pages apart where events cannot, as a page of the issue
   * list may hold only pull requests, and a pull request's state may change in between.
   */
  private static List<String> itemKeys(JsonNode items) {
    List<String> keys = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode key = item.has("number") ? item.get("number") : item.path("id");
      if (key.canConvertToLong()) {
        keys.add(key.asText());
      }
    }
    return keys;
  }

  /**
   * A time no later than when GitHub read the items of {@code response}, so whatever changed after
   * that is stamped at or after it: its {@code Date} less the longest GitHub works on a request
   * (it stamps the {@code Date} when it sends the response); without a {@code Date}, the host's
   * clock less five minutes.
   */
  private static Instant readBy(ProviderResponse response, ConnectorContext context) {
    return response.date().map(sent -> sent.minus(LONGEST_REQUEST)).orElseGet(() -> context.clock().instant().minus(CLOCK_SKEW));
  }

  /**
   * The page where a newest-first list without a time filter likely reaches {@code since}, from
   * how densely the first page's {@code items} span {@code newest} to {@code oldest}; the last page
   * when the first page tells nothing. Parts past the true end stop at their first page.
   */
  private static int estimatedEnd(Instant since, Instant newest, Instant oldest, int items, int perPage, int lastPage) {
    if (newest == null || oldest == null || items < 2 || !newest.isAfter(oldest)) {
      return lastPage;
    }
    double perSecond = (items - 1) / (double) Duration.between(oldest, newest).getSeconds();
    double toSince = Math.max(0, Duration.between(since, newest).getSeconds()) * perSecond;
    return (int) Math.min(lastPage, Math.max(2, Math.ceil(toSince / perPage)));
  }

  @Override
  public Optional<PageEstimate> estimate(ConnectorContext context, PageRequest request) {
    ProviderResponse response = context.http().get(firstPage(context, request, 1));
    OptionalLong items = lastPage(response.links());
    long count = items.isPresent() ? items.getAsLong() : response.body().size();
    int pageSize = context.settings().get(PAGE_SIZE);
    return Optional.of(PageEstimate.of(Math.max(1, (count + pageSize - 1) / pageSize), false));
  }

  /**
   * The first page of a range. Issues of a range that ends before now are listed oldest first by
   * update from its since, so paging stops at its until; of a range up to now, in GitHub's default
   * order from its since.
   */
  private static URI firstPage(ConnectorContext context, PageRequest request, int perPage) {
    String repo = repoPath(request.resource().id());
    switch (request.entityType()) {
      case PULL_REQUEST:
        return context.http().resolve("repos/" + repo + "/pulls?state=all&sort=updated&direction=desc&per_page=" + perPage);
      case ISSUE:
        boolean historical = request.window().until().isBefore(context.clock().instant().minus(RECENT));
        return issuesPage(context, request.resource().id(), request.window().since(), perPage, historical);
      case RELEASE:
        return context.http().resolve("repos/" + repo + "/releases?per_page=" + perPage);
      default:
        throw new IllegalArgumentException("GitHub has no entity type '" + request.entityType() + "'");
    }
  }

  private static URI issuesPage(ConnectorContext context, String repo, Instant since, int perPage, boolean oldestFirst) {
    String encodedSince = PercentEncoding.encode(DateTimeFormatter.ISO_INSTANT.format(since));
    return context.http().resolve("repos/" + repoPath(repo) + "/issues?state=all"
        + (oldestFirst ? "&sort=updated&direction=asc" : "") + "&since=" + encodedSince + "&per_page=" + perPage);
  }

  private static Optional<String> query(URI url, String name) {
    String query = url.getRawQuery() == null ? "" : url.getRawQuery();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static JsonNode pullRequestDetail(ConnectorContext context, String repo, JsonNode item) {
    long number = Payloads.requireLong(item, "number");
    return context.http().get(context.http().resolve("repos/" + repoPath(repo) + "/pulls/" + number)).body();
  }

  /** {@code owner/name} as two encoded path segments. */
  private static String repoPath(String repo) {
    int slash = repo.indexOf('/');
    return slash < 0
        ? PercentEncoding.encode(repo)
        : PercentEncoding.encode(repo.substring(0, slash)) + "/" + PercentEncoding.encode(repo.substring(slash + 1));
  }

  private static SourceEvent event(String eventName, ObjectNode envelope, TransformContext context) {
    return GitHubTransformer.transform(eventName, envelope, context)
        .orElseThrow(() -> new BackfillException("no transformer for GitHub event " + eventName));
  }

  private static OptionalLong lastPage(LinkHeader links) {
    return links.rel("last")
        .map(last -> PAGE_PARAM.matcher(last.uri().getRawQuery() == null ? "" : "?" + last.uri().getRawQuery()))
        .filter(Matcher::find)
        .map(matcher -> OptionalLong.of(Long.parseLong(matcher.group(1))))
        .orElse(OptionalLong.empty());
  }

  private static String itemId(String repo, String entityType, JsonNode item, int index, long pageNumber) {
    JsonNode number = item.path("number");
    if (number.isIntegralNumber()) {
      return repo + "#" + number.asLong();
    }
    JsonNode tag = item.path("tag_name");
    if (tag.isTextual()) {
      return repo + ":" + tag.asText();
    }
    return repo + " " + entityType + " item " + (index + 1) + " of page " + pageNumber;
  }
}
