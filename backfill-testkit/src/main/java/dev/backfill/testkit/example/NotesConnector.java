package dev.backfill.testkit.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceActor;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.SourceReference;
import dev.backfill.core.TransformContext;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.ProviderResponse;
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
import dev.backfill.core.spi.SkippedItem;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The example connector of the guide: a "notes" API whose list endpoint returns notes newest
 * updated first, with a {@code next} cursor in the body and no {@code since} parameter, so the
 * connector stops at the first note older than the window.
 */
public class NotesConnector implements BackfillConnector {
  /** The API base URL; a notes connection must give it. */
  public static final Setting<URI> BASE_URL = CommonSettings.baseUrl("https://notes.invalid").required();
  /** Project keys; without them, every project the API lists. */
  public static final Setting<List<String>> PROJECTS = Setting.list("projects", "project keys; without it, every project");
  /** The header that carries a delivery's signature: the hex HMAC-SHA256 of the body. */
  public static final String SIGNATURE_HEADER = "X-Notes-Signature";

  /** A token in NOTES_TOKEN, {@code --project}, and the notes API's webhooks. */
  private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder()
      .credentialVariable("NOTES_TOKEN")
      .addOptions(ConnectorOption.setting("--project", PROJECTS, "a project key; repeatable. Without it, every project"))
      .webhooks(new NotesWebhooks())
      .build();

  /** Notes per list request. */
  public static final int PAGE_SIZE = 5;

  @Override
  public String providerId() {
    return "notes";
  }

  @Override
  public List<String> supportedEntityTypes() {
    return List.of("note");
  }

  @Override
  public SettingsSpec settings() {
    return SettingsSpec.of(BASE_URL, PROJECTS);
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
            .remainingHeader("X-RateLimit-Remaining")
            .resetHeader("X-RateLimit-Reset")
            .reserve(10)
            .build())
        .build();
  }

  @Override
  public List<Resource> resources(ConnectorContext context) {
    List<String> chosen = context.settings().get(PROJECTS);
    if (!chosen.isEmpty()) {
      return Resource.allOf(chosen);
    }
    ProviderResponse response = context.http().get(context.http().resolve("projects"));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode project : response.array("projects")) {
      resources.add(Resource.of(project.path("key").asText()));
    }
    return resources;
  }

  @Override
  public Page fetchPage(ConnectorContext context, PageRequest request) {
    String path = "projects/" + request.resource().id() + "/notes?limit=" + PAGE_SIZE
        + request.cursor().map(cursor -> "&cursor=" + cursor.value()).orElse("");
    ProviderResponse response = context.http().get(context.http().resolve(path));
    JsonNode notes = response.array("notes");
    Page.Builder page = Page.builder().itemsSeen(notes.size());
    TransformContext transform = TransformContext.backfill(context.clock().instant());
    boolean reachedOlder = false;
    for (JsonNode note : notes) {
      Instant updatedAt;
      try {
        updatedAt = Instant.parse(note.path("updatedAt").asText());
      } catch (DateTimeParseException unreadable) {
        page.addSkipped(SkippedItem.of("#" + note.path("id").asText("?"), "updatedAt is not an ISO instant"));
        continue;
      }
      if (!inWindow(request, updatedAt)) {
        if (updatedAt.isBefore(request.window().since())) {
          reachedOlder = true;
          break;
        }
        continue;
      }
      if (!note.hasNonNull("title")) {
        page.addSkipped(SkippedItem.of("#" + note.path("id").asText("?"), "note has no title"));
        continue;
      }
      page.addEvents(toEvent(transform, request.resource().id(), note, updatedAt));
    }
    JsonNode next = response.body().path("next");
    if (!reachedOlder && next.isTextual()) {
      page.nextCursor(PageCursor.of(next.asText()));
    }
    return page.build();
  }

  /** Whether a note updated at {@code updatedAt} belongs to the request's range; newer ones are passed over, an older one ends the list. */
  protected boolean inWindow(PageRequest request, Instant updatedAt) {
    return request.window().contains(updatedAt);
  }

  static SourceEvent toEvent(TransformContext context, String project, JsonNode note, Instant updatedAt) {
    String sourceId = "note:" + project + "#" + note.path("id").asText() + ":" + note.path("state").asText();
    return context.event("notes", "note", sourceId)
        .title(note.path("title").asText())
        .actor(SourceActor.of(note.path("author").path("id").asText(), note.path("author").path("name").asText()))
        .occurredAt(updatedAt)
        .addReferences(SourceReference.of(SourceReference.PROJECT, project))
        .build();
  }

  /**
   * The notes API's webhooks: a delivery is {@code {"project": KEY, "note": NOTE}} with the note as
   * the list returns it, signed in {@value #SIGNATURE_HEADER}; it becomes the same event a
   * backfill makes of that note.
   */
  static final class NotesWebhooks implements WebhookHandler {
    @Override
    public Optional<String> eventHeader() {
      return Optional.empty();
    }

    @Override
    public String signatureHeader() {
      return SIGNATURE_HEADER;
    }

    @Override
    public boolean verify(WebhookDelivery delivery, String secret, Instant now, Duration tolerance) {
      return HmacSignatures.matches("HmacSHA256", secret, delivery.body(), delivery.header(SIGNATURE_HEADER).orElse(null));
    }

    @Override
    public Optional<SourceEvent> transform(WebhookDelivery delivery, TransformContext context) {
      ObjectNode body = Payloads.webhookBody(delivery.body(), "notes delivery");
      JsonNode note = Payloads.requireObject(body, "note");
      return Optional.of(toEvent(context, Payloads.requireText(body, "project"), note, Payloads.requireInstant(note, "updatedAt")));
    }
  }
}
