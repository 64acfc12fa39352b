package dev.backfill.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.PercentEncoding;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.RequestCeiling;
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
import dev.backfill.vercel.internal.VercelListAdapter;
import dev.backfill.vercel.internal.VercelTransformer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backfills Vercel deployments of a connection's projects. A page asks for the range with {@code
 * since} and {@code until} (epoch milliseconds of the creation time, until exclusive); the next page
 * passes the {@code pagination.next} of the last one as {@code until}.
 *
 * <p>Settings (all optional): see {@link #SETTINGS} and the constants below.
 */
public final class VercelConnector implements BackfillConnector {
  /** Deployments. */
  public static final String DEPLOYMENT = "deployment";

  /** The API base of Vercel. */
  public static final String DEFAULT_BASE_URL = "https://api.vercel.com";

  private static final int MAX_PAGE_SIZE = 100;

  /** The API base URL. */
  public static final Setting<URI> BASE_URL = CommonSettings.baseUrl(DEFAULT_BASE_URL);
  /** The team the token acts for, sent as {@code teamId} on every request. */
  public static final Setting<Optional<String>> TEAM_ID = Setting.text("teamId", "the team the token acts for, sent on every request");
  /** Project ids; without them, every project of the team. */
  public static final Setting<List<String>> PROJECTS = Setting.list("projects", "project ids; without it, every project of the team");
  /** The client-side ceiling of requests per minute and connection. */
  public static final Setting<Integer> REQUESTS_PER_MINUTE = Setting.integer("requestsPerMinute", 100, 1, Integer.MAX_VALUE,
      "the client-side ceiling of requests per minute and connection");
  /** Requests of the budget left unspent; 5 by default. */
  public static final Setting<Integer> RATE_LIMIT_RESERVE = CommonSettings.rateLimitReserve(5);
  /** Deployments per list request, at most 100. */
  public static final Setting<Integer> PAGE_SIZE = CommonSettings.pageSize(MAX_PAGE_SIZE);
  /** Vercel announces no limit on requests in flight, only budgets per minute; this one keeps a connection polite. */
  public static final Setting<Integer> MAX_CONCURRENT_REQUESTS = CommonSettings.maxConcurrentRequests(16);
  /** Every setting of a Vercel connection. */
  public static final SettingsSpec SETTINGS = SettingsSpec.of(BASE_URL, TEAM_ID, PROJECTS, REQUESTS_PER_MINUTE, MAX_CONCURRENT_REQUESTS,
      RATE_LIMIT_RESERVE, PAGE_SIZE);

  @Override
  public String providerId() {
    return VercelTransformer.SOURCE;
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of(DEPLOYMENT);
  }

  private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder()
      .credentialVariable("VERCEL_TOKEN")
      .addOptions(ConnectorOption.setting("--project", PROJECTS, "a project id; repeatable. Without it, every project of the team"))
      .addOptions(ConnectorOption.setting("--team-id", TEAM_ID, "the team every request is scoped to"))
      .webhooks(VercelWebhooks.handler())
      .build();

  /** A token in VERCEL_TOKEN, --project and --team-id, and Vercel's webhooks. */
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
        .rateLimitPolicy(HeaderRateLimitPolicy.builder().headers("x-ratelimit-").reserve(settings.get(RATE_LIMIT_RESERVE)).build())
        .ceiling(RequestCeiling.of(settings.get(REQUESTS_PER_MINUTE), Duration.ofMinutes(1)))
        .maxConcurrentRequests(settings.get(MAX_CONCURRENT_REQUESTS))
        .build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<String> explicit = context.settings().get(PROJECTS);
    if (!explicit.isEmpty()) {
      return Resource.allOf(explicit);
    }
    List<Resource> resources = new ArrayList<>();
    Set<String> cursors = new HashSet<>();
    Optional<String> from = Optional.empty();
    do {
      URI uri = context.http().resolve("v10/projects?limit=" + MAX_PAGE_SIZE + team(context)
          + from.map(value -> "&from=" + PercentEncoding.encode(value)).orElse(""));
      ProviderResponse response = context.http().get(uri);
      for (JsonNode project : response.array("projects")) {
        Payloads.text(project, "id").ifPresent(id -> resources.add(Resource.builder()
            .id(id).putAttributes("name", project.path("name").asText("")).build()));
      }
      from = next(response.body());
    } while (from.isPresent() && cursors.add(from.get()));
    return resources;
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    String project = request.resource().id();
    long since = request.window().since().toEpochMilli();
    String until = request.cursor().map(PageCursor::value).orElse(Long.toString(request.window().until().toEpochMilli()));
    URI uri = context.http().resolve("v6/deployments?projectId=" + PercentEncoding.encode(project) + team(context)
        + "&since=" + since + "&until=" + PercentEncoding.encode(until) + "&limit=" + context.settings().get(PAGE_SIZE));
    ProviderResponse response = context.http().get(uri);
    JsonNode deployments = response.array("deployments");
    Optional<String> teamId = context.settings().get(TEAM_ID);
    Optional<String> next = deployments.size() > 0 ? next(response.body()) : Optional.empty();
    Optional<TimeSlices> split = next.isEmpty() ? Optional.empty()
        : TimeSlices.plan(request, created(deployments), deployments.size(), context.settings().get(PAGE_SIZE));
    Window kept = split.map(TimeSlices::page).orElse(request.window());
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    Page.Builder page = Page.builder().itemsSeen(deployments.size());
    page.addItems(request, deployments, item -> {
      if (!kept.contains(Instant.ofEpochMilli(Payloads.requireLong(item, "created")))) {
        return Optional.empty();
      }
      JsonNode envelope = VercelListAdapter.envelope(item, project, teamId);
      String type = envelope.path("type").asText();
      return Optional.of(VercelTransformer.transform(type, envelope, transform)
          .orElseThrow(() -> new BackfillException("no transformer for Vercel event " + type)));
    }, "uid");
    if (split.isPresent()) {
      page.parts(split.get().parts());
    } else {
      next.ifPresent(cursor -> page.nextCursor(PageCursor.of(cursor)));
    }
    return page.build();
  }

  /** When a page's deployments were created; malformed ones passed over. */
  private static List<Instant> created(JsonNode deployments) {
    List<Instant> created = new ArrayList<>();
    for (JsonNode item : deployments) {
      if (item.path("created").canConvertToLong()) {
        created.add(Instant.ofEpochMilli(item.path("created").asLong()));
      }
    }
    return created;
  }

  private static Optional<String> next(JsonNode body) {
    JsonNode next = body.path("pagination").path("next");
    return next.isNumber() || next.isTextual() && !next.asText().isEmpty() ? Optional.of(next.asText()) : Optional.empty();
  }

  private static String team(ConnectorContext context) {
    return context.settings().get(TEAM_ID).map(team -> "&teamId=" + PercentEncoding.encode(team)).orElse("");
  }
}
