package dev.backfill.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.BackfillException;
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
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Payloads;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import dev.backfill.core.spi.TimeSlices;
import dev.backfill.core.spi.Window;
import dev.backfill.sentry.internal.SentryListAdapter;
import dev.backfill.sentry.internal.SentryTransformer;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backfills Sentry issues of an organization's projects.
 *
 * <p>Settings: see {@link #SETTINGS} and the constants below; {@link #ORGANIZATION} is required.
 *
 * <p>Issue pages use an explicit query for the range, {@code lastSeen:>=<since> lastSeen:<<until>}
 * (whole seconds, UTC), because without one the endpoint implies {@code is:unresolved} and would
 * drop resolved and ignored issues.
 */
public final class SentryConnector implements BackfillConnector {
  /** Issues. */
  public static final String ISSUE = "issue";

  /** The API host of sentry.io. */
  public static final String DEFAULT_BASE_URL = "https://sentry.io";

  private static final int MAX_PAGE_SIZE = 100;

  /** {@code https://sentry.io}, a region host such as {@code https://us.sentry.io}, or a self-hosted URL. */
  public static final Setting<URI> BASE_URL = CommonSettings.baseUrl(DEFAULT_BASE_URL)
      .described("the API base URL: a region host such as https://us.sentry.io, a self-hosted Sentry, or a fake");
  /** The organization slug. */
  public static final Setting<String> ORGANIZATION = Setting.requiredText("organization", "the organization slug");
  /** Project slugs; without them, every project of the organization. */
  public static final Setting<List<String>> PROJECTS = Setting.list("projects", "project slugs; without it, every project of the organization");
  /** Requests in flight at once, lowered further to the {@code X-Sentry-Rate-Limit-ConcurrentLimit} Sentry announces. */
  public static final Setting<Integer> MAX_CONCURRENT_REQUESTS = CommonSettings.maxConcurrentRequests(4);
  /** Requests of the budget left unspent; 2 by default. */
  public static final Setting<Integer> RATE_LIMIT_RESERVE = CommonSettings.rateLimitReserve(2);
  /** Issues per list request, at most 100. */
  public static final Setting<Integer> PAGE_SIZE = CommonSettings.pageSize(MAX_PAGE_SIZE);
  /** Every setting of a Sentry connection. */
  public static final SettingsSpec SETTINGS =
      SettingsSpec.of(BASE_URL, ORGANIZATION, PROJECTS, MAX_CONCURRENT_REQUESTS, RATE_LIMIT_RESERVE, PAGE_SIZE);
  private static final DateTimeFormatter SEARCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  @Override
  public String providerId() {
    return SentryTransformer.SOURCE;
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of(ISSUE);
  }

  private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder()
      .credentialVariable("SENTRY_AUTH_TOKEN")
      .addOptions(ConnectorOption.setting("--org", ORGANIZATION, "the organization slug"))
      .addOptions(ConnectorOption.setting("--project", PROJECTS, "a project slug; repeatable. Without it, every project"))
      .webhooks(SentryWebhooks.handler())
      .build();

  /** A token in SENTRY_AUTH_TOKEN, --org and --project, and Sentry's webhooks. */
  @Override
  public ConnectorDescriptor descriptor() {
    return DESCRIPTOR;
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
        .putHeaders("Accept", "application/json")
        .putHeaders("User-Agent", "backfill-sdk")
        .rateLimitPolicy(HeaderRateLimitPolicy.builder().headers("X-Sentry-Rate-Limit-").reserve(settings.get(RATE_LIMIT_RESERVE)).build())
        .maxConcurrentRequests(settings.get(MAX_CONCURRENT_REQUESTS))
        .addStages(SentryConnector::concurrencyAnnouncement)
        .build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<String> explicit = context.settings().get(PROJECTS);
    if (!explicit.isEmpty()) {
      return Resource.allOf(explicit);
    }
    List<Resource> resources = new ArrayList<>();
    URI next = context.http().resolve("api/0/organizations/" + PercentEncoding.encode(context.settings().get(ORGANIZATION)) + "/projects/");
    Set<URI> fetched = new HashSet<>();
    while (next != null && fetched.add(next)) {
      ProviderResponse response = context.http().get(next);
      for (JsonNode project : response.array("")) {
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
    String query = "lastSeen:>=" + SEARCH_TIME.format(request.window().since().truncatedTo(ChronoUnit.SECONDS))
        + " lastSeen:<" + SEARCH_TIME.format(request.window().until().truncatedTo(ChronoUnit.SECONDS));
    URI uri = context.http().resolve("api/0/projects/" + PercentEncoding.encode(context.settings().get(ORGANIZATION)) + "/" + PercentEncoding.encode(project)
        + "/issues/?query=" + PercentEncoding.encode(query) + "&sort=date&limit=" + context.settings().get(PAGE_SIZE)
        + request.cursor().map(cursor -> "&cursor=" + PercentEncoding.encode(cursor.value())).orElse(""));
    ProviderResponse response = context.http().get(uri);
    JsonNode issues = response.array("");
    Optional<LinkHeader.Link> next = nextLink(response);
    Optional<TimeSlices> split = next.isEmpty() ? Optional.empty()
        : TimeSlices.plan(request, Payloads.instants(issues, "lastSeen"), issues.size(), context.settings().get(PAGE_SIZE));
    Window kept = split.map(TimeSlices::page).orElse(request.window());
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    Page.Builder page = Page.builder().itemsSeen(issues.size());
    page.addItems(request, issues, item -> kept.contains(Payloads.requireInstant(item, "lastSeen"))
        ? Optional.of(SentryTransformer.transform("issue", SentryListAdapter.envelope(item), transform)
            .orElseThrow(() -> new BackfillException("no transformer for Sentry issues")))
        : Optional.empty(), "id");
    if (split.isPresent()) {
      page.parts(split.get().parts());
    } else {
      next.flatMap(link -> link.param("cursor")).ifPresent(cursor -> page.nextCursor(PageCursor.of(cursor)));
    }
    return page.build();
  }

  /** The {@code rel="next"} link when it says there are results: Sentry always sends one, with {@code results="false"} at the end. */
  private static Optional<LinkHeader.Link> nextLink(ProviderResponse response) {
    return response.links().rel("next").filter(link -> link.param("results").map("true"::equalsIgnoreCase).orElse(false));
  }

  /** Sentry announces how many requests of the organization may be in flight in {@code X-Sentry-Rate-Limit-ConcurrentLimit}. */
  static ResponseStage.Verdict concurrencyAnnouncement(int status, HttpHeaders headers, String body, ResponseStage.ConnectionLimits limits) {
    headers.firstValue("X-Sentry-Rate-Limit-ConcurrentLimit").ifPresent(value -> {
      try {
        limits.announceConcurrency(Integer.parseInt(value.trim()));
      } catch (NumberFormatException unreadable) {
        // An unreadable announcement leaves the limit as it was.
      }
    });
    return ResponseStage.Verdict.AS_IS;
  }
}
