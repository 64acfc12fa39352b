package dev.backfill.linear;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.TransformContext;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.InvalidCursorException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.http.AuthScheme;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.RedactedUrl;
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
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import dev.backfill.core.spi.TimeSlices;
import dev.backfill.core.spi.Window;
import dev.backfill.linear.internal.LinearListAdapter;
import dev.backfill.linear.internal.LinearQueries;
import dev.backfill.linear.internal.LinearRateLimitPolicy;
import dev.backfill.linear.internal.LinearTransformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Backfills Linear issues, comments and projects of a workspace's teams over GraphQL.
 *
 * <p>Settings (all optional): see {@link #SETTINGS} and the constants below.
 *
 * <p>A page's size travels in its cursor ({@code first:endCursor}), so after Linear rejects a
 * query as too complex and the connector halves the page, later pages keep the smaller size.
 */
public final class LinearConnector implements BackfillConnector {
  /** Issues. */
  public static final String ISSUE = "issue";
  /** Comments on issues. */
  public static final String COMMENT = "comment";
  /** Projects. */
  public static final String PROJECT = "project";

  /** The GraphQL endpoint's host. */
  public static final String DEFAULT_BASE_URL = "https://api.linear.app";

  /** The API base URL. */
  public static final Setting<URI> BASE_URL = CommonSettings.baseUrl(DEFAULT_BASE_URL);
  /** Team keys; without them, every team of the workspace. */
  public static final Setting<List<String>> TEAMS = Setting.list("teams", "team keys; without it, every team of the workspace");
  /** How the credential is sent: a personal API key as {@code Authorization: <key>}, an OAuth token as a bearer token. */
  public static final Setting<String> AUTH = Setting.choice("auth", "apiKey", List.of("apiKey", "oauth"),
      "apiKey sends a personal API key as the whole Authorization header, oauth an OAuth token as a bearer token");
  /** The per-query complexity Linear allows; the page size is chosen to stay under it. */
  public static final Setting<Integer> COMPLEXITY_CAP = Setting.integer("complexityCap", 10_000, 1, Integer.MAX_VALUE,
      "the per-query complexity Linear allows; the page size is chosen to stay under it");
  /** Nodes per GraphQL page. */
  public static final Setting<Integer> PAGE_SIZE = CommonSettings.pageSize(LinearQueries.MAX_FIRST);
  /** Requests of the hourly budget left unspent; 10 by default. */
  public static final Setting<Integer> RATE_LIMIT_RESERVE = CommonSettings.rateLimitReserve(10);
  /** Every setting of a Linear connection. */
  /** Linear announces no limit on requests in flight, only budgets per hour; this one keeps a connection polite. */
  public static final Setting<Integer> MAX_CONCURRENT_REQUESTS = CommonSettings.maxConcurrentRequests(16);
  /** Every setting of a Linear connection. */
  public static final SettingsSpec SETTINGS = SettingsSpec.of(BASE_URL, TEAMS, AUTH, COMPLEXITY_CAP, PAGE_SIZE, MAX_CONCURRENT_REQUESTS,
      RATE_LIMIT_RESERVE);

  private static final ObjectMapper JSON = BackfillJson.newMapper();

  @Override
  public String providerId() {
    return LinearTransformer.SOURCE;
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of(ISSUE, COMMENT, PROJECT);
  }

  @Override
  public List<String> defaultEntityTypes() {
    return List.of(ISSUE);
  }

  private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder()
      .credentialVariable("LINEAR_API_KEY")
      .addOptions(ConnectorOption.setting("--team", TEAMS, "a team key; repeatable. Without it, every team"))
      .webhooks(LinearWebhooks.handler())
      .build();

  /** An API key in LINEAR_API_KEY, --team, and Linear's webhooks. */
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
        .authScheme(settings.get(AUTH).equals("oauth") ? AuthScheme.BEARER : AuthScheme.PLAIN)
        .putHeaders("Accept", "application/json")
        .putHeaders("User-Agent", "backfill-sdk")
        .rateLimitPolicy(new LinearRateLimitPolicy(settings.get(RATE_LIMIT_RESERVE), settings.get(COMPLEXITY_CAP)))
        .maxConcurrentRequests(settings.get(MAX_CONCURRENT_REQUESTS))
        .addStages(LinearConnector::graphQlAnswer)
        .build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<String> keys = context.settings().get(TEAMS);
    List<Resource> resources = new ArrayList<>();
    Set<String> cursors = new HashSet<>();
    Optional<String> after = Optional.empty();
    do {
      ObjectNode variables = JSON.createObjectNode().put("first", 100);
      after.ifPresent(cursor -> variables.put("after", cursor));
      if (!keys.isEmpty()) {
        keys.forEach(variables.putObject("filter").putObject("key").putArray("in")::add);
      }
      JsonNode teams = query(context, "BackfillTeams", LinearQueries.TEAMS, variables).path("teams");
      for (JsonNode team : teams.path("nodes")) {
        resources.add(Resource.builder().id(team.path("key").asText()).putAttributes("teamId", team.path("id").asText()).build());
      }
      after = next(teams);
    } while (after.isPresent() && cursors.add(after.get()));
    return resources;
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    String teamId = request.resource().attributes().get("teamId");
    if (teamId == null) {
      throw new BackfillException("linear resource " + request.resource().id() + " has no teamId attribute");
    }
    int first = request.cursor().map(LinearConnector::cursorPageSize)
        .orElse(Math.min(context.settings().get(PAGE_SIZE), LinearQueries.pageSize(request.entityType(), context.settings().get(COMPLEXITY_CAP))));
    Optional<String> after = request.cursor().map(cursor -> cursor.value().substring(cursor.value().indexOf(':') + 1))
        .filter(cursor -> !cursor.isEmpty());
    while (true) {
      ObjectNode variables = JSON.createObjectNode()
          .put("teamId", teamId)
          .put("since", request.window().since().toString())
          .put("until", request.window().until().toString())
          .put("first", first);
      after.ifPresent(cursor -> variables.put("after", cursor));
      try {
        return page(context, request, variables, first);
      } catch (QueryTooComplex tooComplex) {
        if (first == 1) {
          throw new LinearGraphQlException(operation(request.entityType()), tooComplex.getMessage(), "");
        }
        first = Math.max(1, first / 2);
      }
    }
  }

  private Page page(ConnectorContext context, PageRequest request, ObjectNode variables, int first) {
    String entityType = request.entityType();
    JsonNode data = query(context, operation(entityType), document(entityType), variables);
    JsonNode connection = ISSUE.equals(entityType) ? data.path("team").path("issues")
        : PROJECT.equals(entityType) ? data.path("team").path("projects") : data.path("comments");
    if (!connection.path("nodes").isArray()) {
      throw new MalformedResponseException(providerId(), RedactedUrl.of(context.http().resolve("graphql")),
          "no nodes for " + entityType + "s of team " + request.resource().id(), null);
    }
    Instant since = request.range().since();
    Optional<String> next = next(connection);
    Optional<TimeSlices> split = next.isEmpty() ? Optional.empty()
        : TimeSlices.plan(request, Payloads.instants(connection.path("nodes"), "updatedAt"), connection.path("nodes").size(), first);
    Window kept = split.map(TimeSlices::page).orElse(request.window());
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    Page.Builder page = Page.builder().itemsSeen(connection.path("nodes").size());
    page.addItems(request, connection.path("nodes"), node -> {
      if (!kept.contains(Payloads.requireInstant(node, "updatedAt"))) {
        return Optional.empty();
      }
      ObjectNode envelope = ISSUE.equals(entityType) ? LinearListAdapter.issue(node, since)
          : PROJECT.equals(entityType) ? LinearListAdapter.project(node, since) : LinearListAdapter.comment(node, since);
      return Optional.of(LinearTransformer.transform(envelope, transform)
          .orElseThrow(() -> new BackfillException("no transformer for Linear " + entityType)));
    }, "identifier", "id");
    if (split.isPresent()) {
      // Each slice starts at this page's size ("first:" without an end cursor), so a size halved
      // for complexity is not tried again by every slice.
      split.get().parts().forEach(part -> page.addParts(RangePart.of(part.window(), PageCursor.of(first + ":"))));
    } else {
      next.ifPresent(cursor -> page.nextCursor(PageCursor.of(first + ":" + cursor)));
    }
    return page.build();
  }

  /**
   * Linear is GraphQL: a rate limit ({@code RATELIMITED}) and an authentication failure ({@code
   * AUTHENTICATION_ERROR}) may come as the {@code extensions.code} of an error in the body of a
   * 200 or 400, and a 400 carries query errors the connector reads itself. Only the top-level
   * {@code errors} are read: an issue whose text names either code is data.
   */
  static ResponseStage.Verdict graphQlAnswer(int status, HttpHeaders headers, String body, ResponseStage.ConnectionLimits limits) {
    if (body.contains("RATELIMITED") || body.contains("AUTHENTICATION_ERROR")) {
      Set<String> codes = errorCodes(body);
      if (codes.contains("RATELIMITED")) {
        return ResponseStage.Verdict.THROTTLED;
      }
      if (codes.contains("AUTHENTICATION_ERROR")) {
        return ResponseStage.Verdict.UNAUTHORIZED;
      }
    }
    return status == 400 ? ResponseStage.Verdict.PASS_THROUGH : ResponseStage.Verdict.AS_IS;
  }

  /** The {@code extensions.code} of each top-level error, read as far as the (perhaps cut) text goes. */
  private static Set<String> errorCodes(String body) {
    Set<String> codes = new HashSet<>();
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return codes;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("errors".equals(field)) {
          JsonNode errors = parser.readValueAsTree();
          errors.forEach(error -> codes.add(errorCode(error)));
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException cut) {
      // A body cut at the stage's limit or not JSON at all: the codes read so far are all there are.
    }
    return codes;
  }

  /** A GraphQL error's {@code extensions.code}; empty when it has none. */
  private static String errorCode(JsonNode error) {
    return error.path("extensions").path("code").asText("");
  }

  /** Sends a query and returns its {@code data}; GraphQL errors become typed exceptions. */
  private JsonNode query(ConnectorContext context, String operation, String document, ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode().put("query", document).put("operationName", operation);
    body.set("variables", variables);
    URI uri = context.http().resolve("graphql");
    ProviderResponse response = context.http().post(uri, body.toString(), Map.of());
    JsonNode errors = response.body().path("errors");
    if (errors.isArray() && errors.size() > 0) {
      JsonNode error = errors.get(0);
      String message = error.path("message").asText("unknown error");
      String code = errorCode(error);
      if (code.toUpperCase(Locale.ROOT).contains("COMPLEX") || message.toLowerCase(Locale.ROOT).contains("too complex")) {
        throw new QueryTooComplex(message);
      }
      List<String> path = new ArrayList<>();
      error.path("path").forEach(part -> path.add(part.asText()));
      throw new LinearGraphQlException(operation, message, String.join(".", path));
    }
    if (response.status() != 200 || !response.body().path("data").isObject()) {
      throw new MalformedResponseException(providerId(), RedactedUrl.of(uri),
          "HTTP " + response.status() + " without GraphQL data or errors for " + operation, null);
    }
    return response.body().path("data");
  }

  /** The page size a cursor ({@code first:endCursor}, or {@code first:} for a slice's first page) carries. */
  private static int cursorPageSize(PageCursor cursor) {
    String value = cursor.value();
    int colon = value.indexOf(':');
    String digits = colon > 0 ? value.substring(0, colon) : "";
    int first = digits.matches("\\d{1,3}") ? Integer.parseInt(digits) : -1;
    if (first < 1 || first > LinearQueries.MAX_FIRST) {
      throw new InvalidCursorException(LinearTransformer.SOURCE, "expected first:endCursor with first from 1 to " + LinearQueries.MAX_FIRST);
    }
    return first;
  }

  private static Optional<String> next(JsonNode connection) {
    JsonNode pageInfo = connection.path("pageInfo");
    return pageInfo.path("hasNextPage").asBoolean(false) && pageInfo.path("endCursor").isTextual()
        ? Optional.of(pageInfo.path("endCursor").asText())
        : Optional.empty();
  }

  private static String operation(String entityType) {
    return ISSUE.equals(entityType) ? "BackfillIssues" : PROJECT.equals(entityType) ? "BackfillProjects" : "BackfillComments";
  }

  private static String document(String entityType) {
    return ISSUE.equals(entityType) ? LinearQueries.ISSUES : PROJECT.equals(entityType) ? LinearQueries.PROJECTS : LinearQueries.COMMENTS;
  }

  /** Linear rejected a query as too complex; the page is asked again at half the size. */
  private static final class QueryTooComplex extends RuntimeException {
    QueryTooComplex(String message) {
      super(message, null, false, false);
    }
  }
}
