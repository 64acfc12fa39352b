package dev.backfill.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.LinkHeader;
import dev.backfill.core.http.PercentEncoding;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.RedactedUrl;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.SettingValues;
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.sentry.internal.SentryListAdapter;
import dev.backfill.sentry.internal.SentryTransformer;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Backfills Sentry issues of an organization's projects.
 *
 * <p>Settings: {@value #ORGANIZATION} (required, the organization slug); optional {@value
 * #BASE_URL} ({@code https://sentry.io}, a region host, or a self-hosted URL), {@value #PROJECTS}
 * (comma-separated project slugs; without it every project of the organization), {@value
 * #MAX_CONCURRENT_REQUESTS} (4, lowered further to the {@code X-Sentry-Rate-Limit-ConcurrentLimit}
 * Sentry announces), {@value #RATE_LIMIT_RESERVE} (2) and {@value #PAGE_SIZE} (100).
 *
 * <p>Issue pages use an explicit query, {@code lastSeen:>=<window start>}, because without one the
 * endpoint implies {@code is:unresolved} and would drop resolved and ignored issues.
 */
public final class SentryConnector implements BackfillConnector {
  public static final String BASE_URL = "baseUrl";
  public static final String ORGANIZATION = "organization";
  public static final String PROJECTS = "projects";
  public static final String MAX_CONCURRENT_REQUESTS = "maxConcurrentRequests";
  public static final String RATE_LIMIT_RESERVE = "rateLimitReserve";
  public static final String PAGE_SIZE = "pageSize";

  public static final String ISSUE = "issue";

  /** The API host of sentry.io. */
  public static final String DEFAULT_BASE_URL = "https://sentry.io";

  private static final int MAX_PAGE_SIZE = 100;
  private static final DateTimeFormatter SEARCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  @Override
  public String providerId() {
    return SentryTransformer.SOURCE;
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of(ISSUE);
  }

  @Override
  public List<String> defaultEntityTypes() {
    return List.of(ISSUE);
  }

  @Override
  public HttpProfile httpProfile(Map<String, String> settings) {
    organization(settings);
    SettingValues.integer(settings, PAGE_SIZE, MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    return HttpProfile.builder()
        .provider(providerId())
        .apiBase(URI.create(settings.getOrDefault(BASE_URL, DEFAULT_BASE_URL)))
        .putHeaders("Accept", "application/json")
        .putHeaders("User-Agent", "backfill-sdk")
        .rateLimitPolicy(HeaderRateLimitPolicy.builder()
            .limitHeader("X-Sentry-Rate-Limit-Limit")
            .remainingHeader("X-Sentry-Rate-Limit-Remaining")
            .resetHeader("X-Sentry-Rate-Limit-Reset")
            .resetFormat(HeaderRateLimitPolicy.ResetFormat.EPOCH_SECONDS)
            .reserve(SettingValues.integer(settings, RATE_LIMIT_RESERVE, 2, 0, Integer.MAX_VALUE))
            .build())
        .maxConcurrentRequests(SettingValues.integer(settings, MAX_CONCURRENT_REQUESTS, 4, 1, 1000))
        .concurrencyLimitHeader("X-Sentry-Rate-Limit-ConcurrentLimit")
        .build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<Resource> resources = new ArrayList<>();
    List<String> explicit = SettingValues.list(context.settings(), PROJECTS);
    if (!explicit.isEmpty()) {
      explicit.forEach(slug -> resources.add(Resource.of(slug)));
      return resources;
    }
    URI next = context.http().resolve("api/0/organizations/" + PercentEncoding.encode(organization(context.settings())) + "/projects/");
    Set<URI> fetched = new HashSet<>();
    while (next != null && fetched.add(next)) {
      ProviderResponse response = context.http().get(next);
      if (!response.body().isArray()) {
        throw new MalformedResponseException(providerId(), RedactedUrl.of(next), "expected a JSON array of projects", null);
      }
      for (JsonNode project : response.body()) {
        Payloads.text(project, "slug").ifPresent(slug -> resources.add(Resource.builder()
            .id(slug).putAttributes("id", project.path("id").asText("")).build()));
      }
      next = nextLink(response).map(LinkHeader.Link::uri).orElse(null);
    }
    return resources;
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    String project = request.resource().id();
    String query = "lastSeen:>=" + SEARCH_TIME.format(request.window().since().truncatedTo(ChronoUnit.SECONDS));
    URI uri = context.http().resolve("api/0/projects/" + PercentEncoding.encode(organization(context.settings())) + "/" + PercentEncoding.encode(project)
        + "/issues/?query=" + PercentEncoding.encode(query) + "&sort=date&limit=" + SettingValues.integer(context.settings(), PAGE_SIZE, MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        + request.cursor().map(cursor -> "&cursor=" + PercentEncoding.encode(cursor.value())).orElse(""));
    ProviderResponse response = context.http().get(uri);
    JsonNode issues = response.body();
    if (!issues.isArray()) {
      throw new MalformedResponseException(providerId(), RedactedUrl.of(uri), "expected a JSON array of issues", null);
    }
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    Page.Builder page = Page.builder().itemsSeen(issues.size());
    response.rateLimit().ifPresent(page::rateLimit);
    int index = 0;
    for (JsonNode item : issues) {
      index++;
      try {
        Instant lastSeen = Payloads.requireInstant(item, "lastSeen");
        if (!request.window().contains(lastSeen)) {
          continue;
        }
        page.addEvents(SentryTransformer.transform("issue", SentryListAdapter.envelope(item), transform)
            .orElseThrow(() -> new BackfillException("no transformer for Sentry issues")));
      } catch (InvalidPayloadException malformed) {
        page.addSkipped(SkippedItem.of(project + " " + item.path("id").asText("item " + index + " of page " + request.pageNumber()),
            malformed.getMessage()));
      }
    }
    nextLink(response).flatMap(link -> link.param("cursor")).ifPresent(cursor -> page.nextCursor(PageCursor.of(cursor)));
    return page.build();
  }

  /** The {@code rel="next"} link when it says there are results: Sentry always sends one, with {@code results="false"} at the end. */
  private static Optional<LinkHeader.Link> nextLink(ProviderResponse response) {
    return response.links().rel("next").filter(link -> link.param("results").map("true"::equalsIgnoreCase).orElse(false));
  }

  private static String organization(Map<String, String> settings) {
    String organization = settings.getOrDefault(ORGANIZATION, "").trim();
    if (organization.isEmpty()) {
      throw new IllegalArgumentException("the Sentry connector needs the setting '" + ORGANIZATION + "' (the organization slug)");
    }
    return organization;
  }

}
