package dev.backfill.core.internal;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.ForeignOriginException;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.http.ProviderHttp;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.RedactedUrl;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.RateLimitStatus;
import dev.failsafe.RateLimiter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP client of one provider connection, shared by that connection's workers: a chain of
 * small {@link Stage}s, each with one job, driven by one {@link RetryLoop}. From the outside in:
 * decoding, status, throttle, credential, budget, client-side ceiling, the connector's own response
 * stages, in-flight limit, transport.
 * A request outside the provider's API origin is refused before the chain. {@link #forWorker}
 * gives each worker a {@link ProviderHttp} that reports to that worker's observer.
 */
public final class ProviderHttpClient {
  private final HttpProfile profile;
  private final BudgetTracker budget = new BudgetTracker();
  private final Redactor redactor = Redactor.create();
  private final List<Stage> stages;
  private final RetryLoop loop;
  private volatile CredentialProvider credentials;

  public ProviderHttpClient(
      HttpClient client,
      HttpProfile profile,
      HttpSettings settings,
      CredentialProvider credentials,
      String connectionId,
      Clock clock) {
    this.profile = profile;
    this.credentials = credentials;
    credentials.secretsToRedact().forEach(redactor::remember);
    InFlightLimit inFlight = new InFlightLimit(profile.maxConcurrentRequests().orElse(Integer.MAX_VALUE), clock);
    List<Stage> chain = new ArrayList<>();
    chain.add(new DecodeStage(profile.provider(), redactor));
    chain.add(new StatusStage(profile.provider(), redactor));
    chain.add(new ThrottleStage(profile.rateLimitPolicy(), inFlight));
    chain.add(new CredentialStage(profile.provider(), connectionId, () -> this.credentials, redactor));
    chain.add(new BudgetStage(budget, profile.rateLimitPolicy(), clock));
    profile.ceiling().ifPresent(ceiling ->
        chain.add(new CeilingStage(RateLimiter.<Object>burstyBuilder(ceiling.requests(), ceiling.period()).build(), clock)));
    if (!profile.stages().isEmpty()) {
      chain.add(new ProviderStages(profile.stages(), inFlight));
    }
    chain.add(new InFlightStage(inFlight));
    chain.add(new TransportStage(client, profile, settings, clock, redactor));
    this.stages = List.copyOf(chain);
    this.loop = new RetryLoop(profile.provider(), connectionId, () -> this.credentials, settings, clock);
  }

  /** A new {@link HttpClient} configured with the settings' connect timeout. */
  public static HttpClient newHttpClient(HttpSettings settings) {
    return HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Makes {@code credentials} the provider of this connection's credential from the next request
   * on, so a host that rotates credentials (or resolves them afresh for each step) is heard; its
   * static secrets are redacted from then on.
   */
  public void useCredentials(CredentialProvider credentials) {
    if (this.credentials != credentials) {
      credentials.secretsToRedact().forEach(redactor::remember);
      this.credentials = credentials;
    }
  }

  /** Knows every credential this client sent; redacts them from text headed to logs, checkpoints and output. */
  public Redactor redactor() {
    return redactor;
  }

  /** The budget the provider announced most recently on this connection. */
  public Optional<RateLimitStatus> lastRateLimit() {
    return budget.last();
  }

  public ProviderHttp forWorker(HttpObserver observer) {
    return new WorkerHttp(observer);
  }

  private final class WorkerHttp implements ProviderHttp {
    private final HttpObserver observer;

    WorkerHttp(HttpObserver observer) {
      this.observer = observer;
    }

    @Override
    public URI resolve(String pathAndQuery) {
      return profile.resolve(pathAndQuery);
    }

    @Override
    public ProviderResponse get(URI uri) {
      return get(uri, Map.of());
    }

    @Override
    public ProviderResponse get(URI uri, Map<String, String> headers) {
      return execute("GET", uri, null, headers);
    }

    @Override
    public ProviderResponse post(URI uri, String jsonBody, Map<String, String> headers) {
      return execute("POST", uri, jsonBody, headers);
    }

    private ProviderResponse execute(String method, URI uri, String body, Map<String, String> headers) {
      String safeUrl = RedactedUrl.of(uri);
      if (!sameOrigin(uri, profile.apiBase())) {
        throw new ForeignOriginException(profile.provider(), safeUrl, origin(profile.apiBase()));
      }
      Answer answer = loop.run(new Attempt(method, uri, body, headers, safeUrl, observer, 0), attempt -> proceed(0, attempt));
      return new ProviderResponse(profile.provider(), answer.status, uri, answer.headers, answer.json, answer.rateLimit);
    }
  }

  private Answer proceed(int index, Attempt attempt) {
    return stages.get(index).proceed(attempt, next -> proceed(index + 1, next));
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
