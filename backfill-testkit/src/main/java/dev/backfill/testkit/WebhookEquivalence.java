package dev.backfill.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.ProviderHttp;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The property that makes a connector correct: for one state of an entity, the event its webhook
 * delivery makes and the event a backfill makes of the list item showing that state agree, so a
 * host's dedup keeps one. Use it from a property test with an arbitrary of your entity's states:
 *
 * <pre>{@code
 * WebhookEquivalence<Note> equivalence = WebhookEquivalence.<Note>builder(new NotesConnector())
 *     .settings(Map.of(NotesConnector.BASE_URL.key(), "https://notes.invalid"))
 *     .webhook(note -> WebhookDelivery.of(Map.of(), note.toWebhook().toString().getBytes(UTF_8)))
 *     .listAnswer((note, url) -> "{\"notes\":[" + note.toListItem() + "],\"next\":null}")
 *     .request(note -> PageRequest.builder().resource(Resource.of(note.project())).entityType("note")
 *         .window(Window.of(NOW.minus(Duration.ofDays(120)), NOW)).build())
 *     .build();
 *
 * @Property
 * void webhookAndBackfillAgree(@ForAll("notes") Note note) {
 *   equivalence.check(note);
 * }
 * }</pre>
 *
 * <p>{@link #check} passes the delivery to the connector's {@link WebhookHandler}, then asks the
 * connector for the page of {@link Builder#request}, answering each of its requests with the list
 * body the state renders to (no server, no hand-written {@link ConnectorContext}). The two events
 * must agree on sourceId, source, sourceType, title, body, occurredAt, actor, references and, unless
 * turned off, metadata; the backfilled one carries the delivery id {@code backfill:{sourceId}}.
 *
 * @param <S> the entity state the property is given
 */
public final class WebhookEquivalence<S> {
  /** The delivery id the webhook side's events carry. */
  public static final String DELIVERY_ID = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

  private static final ObjectMapper MAPPER = BackfillJson.newMapper();

  private final BackfillConnector connector;
  private final WebhookHandler webhooks;
  private final Settings settings;
  private final HttpProfile profile;
  private final Function<S, WebhookDelivery> webhook;
  private final BiFunction<S, URI, String> listAnswer;
  private final Function<S, PageRequest> request;
  private final Instant now;
  private final boolean metadataAgrees;

  private WebhookEquivalence(Builder<S> builder) {
    this.connector = builder.connector;
    this.webhooks = connector.descriptor().webhooks().orElseThrow(() -> new IllegalArgumentException(
        "connector " + connector.providerId() + " offers no webhook handler (ConnectorDescriptor.webhooks)"));
    this.settings = connector.settings().parse(builder.settings);
    this.profile = connector.httpProfile(settings);
    this.webhook = Objects.requireNonNull(builder.webhook, "webhook");
    this.listAnswer = Objects.requireNonNull(builder.listAnswer, "listAnswer");
    this.request = Objects.requireNonNull(builder.request, "request");
    this.now = builder.now;
    this.metadataAgrees = builder.metadataAgrees;
  }

  /** Starts describing the property for {@code connector}. */
  public static <S> Builder<S> builder(BackfillConnector connector) {
    return new Builder<>(connector);
  }

  /**
   * Makes both events of {@code state} and fails with an {@link AssertionError} naming every
   * field they disagree on.
   *
   * @return the two events, for further checks of your own
   */
  public Events check(S state) {
    SourceEvent fromWebhook = webhooks.transform(webhook.apply(state), TransformContext.webhook(DELIVERY_ID, now))
        .orElseThrow(() -> new AssertionError("the webhook handler made no event of " + state));
    PageRequest pageRequest = request.apply(state);
    Page page = connector.fetchPage(new StubContext(state), pageRequest);
    if (page.events().size() != 1) {
      throw new AssertionError("the page of " + pageRequest.entityType() + " holding " + state + " made "
          + page.events().size() + " events instead of one" + (page.skipped().isEmpty() ? "" : "; skipped: " + page.skipped()));
    }
    SourceEvent fromBackfill = page.events().get(0);
    List<String> disagreements = new ArrayList<>();
    compare(disagreements, "sourceId", fromWebhook.sourceId(), fromBackfill.sourceId());
    compare(disagreements, "source", fromWebhook.source(), fromBackfill.source());
    compare(disagreements, "sourceType", fromWebhook.sourceType(), fromBackfill.sourceType());
    compare(disagreements, "title", fromWebhook.title(), fromBackfill.title());
    compare(disagreements, "body", fromWebhook.body(), fromBackfill.body());
    compare(disagreements, "occurredAt", fromWebhook.occurredAt(), fromBackfill.occurredAt());
    compare(disagreements, "actor", fromWebhook.actor(), fromBackfill.actor());
    compare(disagreements, "references", fromWebhook.references(), fromBackfill.references());
    if (metadataAgrees) {
      compare(disagreements, "metadata", fromWebhook.metadata(), fromBackfill.metadata());
    }
    compare(disagreements, "the backfilled deliveryId", "backfill:" + fromBackfill.sourceId(), fromBackfill.deliveryId());
    compare(disagreements, "the webhook's deliveryId", DELIVERY_ID, fromWebhook.deliveryId());
    if (!disagreements.isEmpty()) {
      throw new AssertionError("webhook and backfill events of " + state + " disagree on " + String.join("; ", disagreements));
    }
    return new Events(fromWebhook, fromBackfill);
  }

  private static void compare(List<String> disagreements, String field, Object webhook, Object backfill) {
    if (!Objects.equals(webhook, backfill)) {
      disagreements.add(field + " (webhook: " + webhook + ", backfill: " + backfill + ")");
    }
  }

  /**
   * The two events of one state.
   *
   * @param webhook the event of the webhook delivery
   * @param backfill the event of the list item
   */
  public record Events(SourceEvent webhook, SourceEvent backfill) {}

  /** The context {@link #check} hands the connector: fixed settings and clock, and an HTTP client that answers from the state. */
  private final class StubContext implements ConnectorContext, ProviderHttp {
    private final S state;

    StubContext(S state) {
      this.state = state;
    }

    @Override
    public String connectionId() {
      return "equivalence";
    }

    @Override
    public Settings settings() {
      return settings;
    }

    @Override
    public ProviderHttp http() {
      return this;
    }

    @Override
    public Clock clock() {
      return Clock.fixed(now, ZoneOffset.UTC);
    }

    @Override
    public URI resolve(String pathAndQuery) {
      return profile.resolve(pathAndQuery);
    }

    @Override
    public ProviderResponse get(URI uri) {
      return answer(uri);
    }

    @Override
    public ProviderResponse get(URI uri, Map<String, String> headers) {
      return answer(uri);
    }

    @Override
    public ProviderResponse post(URI uri, String jsonBody, Map<String, String> headers) {
      return answer(uri);
    }

    private ProviderResponse answer(URI uri) {
      String body = listAnswer.apply(state, uri);
      JsonNode parsed;
      try {
        parsed = MAPPER.readTree(body);
      } catch (JsonProcessingException unreadable) {
        throw new IllegalArgumentException("the list answer for " + uri + " is not JSON: " + unreadable.getOriginalMessage(), unreadable);
      }
      return new ProviderResponse(connector.providerId(), 200, uri, HttpHeaders.of(Map.of(), (name, value) -> true), parsed, null);
    }
  }

  /**
   * Describes a {@link WebhookEquivalence}.
   *
   * @param <S> the entity state the property is given
   */
  public static final class Builder<S> {
    private final BackfillConnector connector;
    private final Map<String, String> settings = new HashMap<>();
    private Function<S, WebhookDelivery> webhook;
    private BiFunction<S, URI, String> listAnswer;
    private Function<S, PageRequest> request;
    private Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private boolean metadataAgrees = true;

    private Builder(BackfillConnector connector) {
      this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** The connection's settings (a required base URL, say); parsed like a request's. */
    public Builder<S> settings(Map<String, String> settings) {
      this.settings.putAll(settings);
      return this;
    }

    /** The delivery (headers and raw body) the provider sends when an entity reaches the state. */
    public Builder<S> webhook(Function<S, WebhookDelivery> webhook) {
      this.webhook = webhook;
      return this;
    }

    /** The JSON body answering the connector's request to {@code url}: a list page holding the state's item. */
    public Builder<S> listAnswer(BiFunction<S, URI, String> listAnswer) {
      this.listAnswer = listAnswer;
      return this;
    }

    /** The page request whose answer lists the state: its resource, entity type and a window holding it. */
    public Builder<S> request(Function<S, PageRequest> request) {
      this.request = request;
      return this;
    }

    /** The instant both events are received at; 2026-11-23T12:00:00Z by default. */
    public Builder<S> now(Instant now) {
      this.now = Objects.requireNonNull(now, "now");
      return this;
    }

    /**
     * Whether metadata must agree too (default true); turn it off only for a documented difference,
     * such as fields a provider's list omits.
     */
    public Builder<S> metadataAgrees(boolean metadataAgrees) {
      this.metadataAgrees = metadataAgrees;
      return this;
    }

    /** The property. */
    public WebhookEquivalence<S> build() {
      return new WebhookEquivalence<>(this);
    }
  }
}
