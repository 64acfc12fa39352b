package com.example.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.TransformContext;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.PercentEncoding;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.CommonSettings;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.ConnectorDescriptor;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A host's own connector for a made-up "tickets" API, written the way the testkit's example
 * connector is: {@code GET /desks/{desk}/tickets?updated_since=&updated_before=&page=&per_page=}
 * lists a desk's tickets updated in a range, oldest first, with {@code has_more} in the body. Each
 * list item is wrapped into the webhook envelope and goes through the same transformer as a
 * webhook delivery ({@link TicketsWebhooks}).
 */
public final class TicketsConnector implements BackfillConnector {
  /** The API base URL. */
  public static final Setting<URI> BASE_URL = CommonSettings.baseUrl("https://tickets.invalid").required();
  /** The desks to backfill. */
  public static final Setting<List<String>> DESKS = Setting.list("desks", "desk keys to backfill");
  /** Tickets per list request. */
  public static final Setting<Integer> PAGE_SIZE = CommonSettings.pageSize(100);

  private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder()
      .credentialVariable("TICKETS_TOKEN")
      .webhooks(new TicketsWebhooks())
      .build();

  @Override
  public String providerId() {
    return "tickets";
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of("ticket");
  }

  @Override
  public SettingsSpec settings() {
    return SettingsSpec.of(BASE_URL, DESKS, PAGE_SIZE);
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public HttpProfile httpProfile(Settings settings) {
    return HttpProfile.builder()
        .provider(providerId())
        .apiBase(settings.get(BASE_URL))
        .putHeaders("Accept", "application/json")
        .rateLimitPolicy(HeaderRateLimitPolicy.builder()
            .remainingHeader("RateLimit-Remaining")
            .resetHeader("RateLimit-Reset")
            .resetFormat(HeaderRateLimitPolicy.ResetFormat.SECONDS_FROM_NOW)
            .reserve(5)
            .build())
        .build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    return Resource.allOf(context.settings().get(DESKS));
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    String desk = request.resource().id();
    int pageNumber = request.cursor().map(cursor -> Integer.parseInt(cursor.value())).orElse(1);
    URI uri = context.http().resolve("desks/" + PercentEncoding.encode(desk) + "/tickets"
        + "?updated_since=" + PercentEncoding.encode(request.window().since().toString())
        + "&updated_before=" + PercentEncoding.encode(request.window().until().toString())
        + "&page=" + pageNumber + "&per_page=" + context.settings().get(PAGE_SIZE));
    ProviderResponse response = context.http().get(uri);
    JsonNode tickets = response.array("tickets");
    Page.Builder page = Page.builder().itemsSeen(tickets.size());
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    page.addItems(request, tickets, ticket -> Optional.of(TicketsWebhooks.transform(envelope(desk, ticket), transform)), "id");
    if (response.body().path("has_more").asBoolean(false)) {
      page.nextCursor(PageCursor.of(Integer.toString(pageNumber + 1)));
    }
    return page.build();
  }

  /** The webhook body the API sends for the ticket's state: {@code {"desk": ..., "ticket": ...}}. */
  static ObjectNode envelope(String desk, JsonNode ticket) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("desk", desk);
    envelope.set("ticket", ticket);
    return envelope;
  }
}
