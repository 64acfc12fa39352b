package dev.backfill.core.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.Redactor;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.ForeignOriginException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.error.ProviderConnectionException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.http.BoundedHttp;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.http.ProviderHttp;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.RedactedUrl;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.RateLimitStatus;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of one provider connection, shared by that connection's workers: it holds the
 * budget estimate, the client-side ceiling and the in-flight limit. {@link #forWorker} gives each
 * worker a {@link ProviderHttp} that reports to that worker's observer.
 */
public final class ProviderHttpClient {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttpClient.class);
  /**
   * The most JSON tokens one response may hold: a page of 100 pull requests holds about 26,000
   * in FakeGitHub, a few times that with GitHub's full repository objects. Bounds the memory one
   * parsed body takes, whatever its byte size (a 32 MiB body of {@code {}} items would take
   * gigabytes as a tree).
   */
  static final long MAX_JSON_TOKENS = 2_000_000;
  private static final ObjectReader JSON = reader();
  private static final int MAX_SNIPPET = 160;

  private final HttpClient client;
  private final HttpProfile profile;
  private final HttpSettings settings;
  private volatile CredentialProvider credentials;
  private final String connectionId;
  private final Clock clock;
  private final BudgetTracker budget = new BudgetTracker();
  private final RateLimiter<Object> ceiling;
  private final InFlightLimit inFlight;
  private final Redactor redactor = Redactor.create();

  public ProviderHttpClient(
      HttpClient client,
      HttpProfile profile,
      HttpSettings settings,
      CredentialProvider credentials,
      String connectionId,
      Clock clock) {
    this.client = client;
    this.profile = profile;
    this.settings = settings;
    this.credentials = credentials;
    this.connectionId = connectionId;
    this.clock = clock;
    credentials.secretsToRedact().forEach(redactor::remember);
    this.ceiling = profile.ceiling()
        .map(c -> RateLimiter.<Object>burstyBuilder(c.requests(), c.period()).build())
        .orElse(null);
    this.inFlight = profile.maxConcurrentRequests().isPresent() || profile.concurrencyLimitHeader().isPresent()
        ? new InFlightLimit(profile.maxConcurrentRequests().orElse(Integer.MAX_VALUE))
        : null;
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

  /** A failure worth another attempt: 5xx, connection trouble, timeout, unparseable body. */
  private static final class TransientFailure extends RuntimeException {
    final String reason;
    final Instant retryAt;
    final BackfillException whenExhausted;

    TransientFailure(String reason, Instant retryAt, BackfillException whenExhausted) {
      super(reason, null, false, false);
      this.reason = reason;
      this.retryAt = retryAt;
      this.whenExhausted = whenExhausted;
    }
  }

  private final class WorkerHttp implements ProviderHttp {
    private final HttpObserver observer;
    private final RetryPolicy<Object> retryPolicy;

    WorkerHttp(HttpObserver observer) {
      this.observer = observer;
      this.retryPolicy = RetryPolicy.builder()
          .handle(TransientFailure.class)
          .withMaxAttempts(settings.maxAttempts())
          .withBackoff(positive(settings.initialBackoff()), positive(settings.maxBackoff()))
          .withJitter(0.25)
          .withDelayFnOn(ctx -> retryAfterDelay(ctx.getLastException()), TransientFailure.class)
          .onRetryScheduled(event -> {
            TransientFailure failure = (TransientFailure) event.getLastException();
            observer.retrying(event.getAttemptCount(), failure.reason, event.getDelay());
          })
          .build();
    }

    @Override
    public URI resolve(String pathAndQuery) {
      String base = profile.apiBase().toString();
      String relative = pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery;
      return URI.create(base.endsWith("/") ? base + relative : base + "/" + relative);
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
      if (!sameOrigin(uri, profile.apiBase())) {
        throw new ForeignOriginException(profile.provider(), RedactedUrl.of(uri), origin(profile.apiBase()));
      }
      Exchange exchange = new Exchange(method, uri, body, headers, observer);
      try {
        return Failsafe.with(retryPolicy).get(exchange::attempt);
      } catch (TransientFailure exhausted) {
        throw exhausted.whenExhausted;
      } catch (FailsafeException wrapped) {
        if (wrapped.getCause() instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new BackfillCancelledException("interrupted while retrying " + RedactedUrl.of(uri));
        }
        throw redactor.wrap("unexpected failure calling " + profile.provider() + " at " + RedactedUrl.of(uri), wrapped.getCause());
      }
    }
  }

  private static Duration positive(Duration duration) {
    return duration.isZero() ? Duration.ofMillis(1) : duration;
  }

  private Duration retryAfterDelay(Throwable failure) {
    if (failure instanceof TransientFailure && ((TransientFailure) failure).retryAt != null) {
      return clamp(Duration.between(clock.instant(), ((TransientFailure) failure).retryAt));
    }
    return Duration.ofMillis(-1);
  }

  private Duration clamp(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(settings.maxRateLimitWait()) > 0 ? settings.maxRateLimitWait() : wait;
  }

  /** One logical request: its retries share the one-refresh allowance and the throttle count. */
  private final class Exchange {
    private final String method;
    private final URI uri;
    private final String body;
    private final Map<String, String> headers;
    private final HttpObserver observer;
    private final String safeUrl;
    private final boolean sendsCredential;
    private boolean refreshed;
    private int waits;
    private Duration waited = Duration.ZERO;

    Exchange(String method, URI uri, String body, Map<String, String> headers, HttpObserver observer) {
      this.method = method;
      this.uri = uri;
      this.body = body;
      this.headers = headers;
      this.observer = observer;
      this.safeUrl = RedactedUrl.of(uri);
      this.sendsCredential = !hasHeader(headers, "authorization");
    }

    ProviderResponse attempt() {
      while (true) {
        Optional<Instant> budgetReset = budget.take(clock.instant(), profile.rateLimitPolicy().reserve());
        if (budgetReset.isPresent()) {
          waitUntil(budgetReset.get(), "budget at reserve", null);
          continue;
        }
        paceClientSide();
        Credential credential = sendsCredential ? credential() : null;
        HttpResponse<byte[]> response = send(credential);
        Instant now = clock.instant();
        if (inFlight != null && profile.concurrencyLimitHeader().isPresent()) {
          response.headers().firstValue(profile.concurrencyLimitHeader().get()).ifPresent(inFlight::announce);
        }
        ServerTime serverTime = ServerTime.of(response.headers(), now);
        RateLimitStatus status = profile.rateLimitPolicy().read(response.headers(), serverTime.now()).map(serverTime::toLocal).orElse(null);
        if (status != null) {
          budget.update(status);
        }
        int code = response.statusCode();
        String text = text(response.body());
        if (credential != null && profile.unauthorizedResponse().matches(code, text)) {
          if (refreshed) {
            throw new AuthenticationException(profile.provider(),
                "credential rejected (HTTP " + code + ") for " + safeUrl + " even after a refresh");
          }
          refreshed = true;
          credentials.invalidate(connectionId, credential);
          observer.credentialRefreshed();
          LOG.debug("{} refused the credential (HTTP {}) for {}; refreshing it once", profile.provider(), code, safeUrl);
          continue;
        }
        Optional<Instant> throttledUntil = profile.rateLimitPolicy()
            .throttledUntil(code, response.headers(), text, serverTime.now(), waits + 1).map(serverTime::toLocal);
        if (throttledUntil.isPresent()) {
          waitUntil(throttledUntil.get(), "throttled with HTTP " + code, status);
          continue;
        }
        if (code >= 500) {
          Instant retryAt = HeaderRateLimitPolicy.retryAfter(response.headers(), serverTime.now()).map(serverTime::toLocal).orElse(null);
          if (retryAt != null) {
            chargeWait(retryAt, "HTTP " + code + " with Retry-After", null);
          }
          throw new TransientFailure("HTTP " + code, retryAt,
              new ProviderApiException(profile.provider(), code, safeUrl, snippet(response.body())));
        }
        if ((code < 200 || code >= 300) && !profile.passThroughStatuses().contains(code)) {
          throw new ProviderApiException(profile.provider(), code, safeUrl, snippet(response.body()));
        }
        return new ProviderResponse(code, uri, response.headers(), parse(response.body()), status);
      }
    }

    private Credential credential() {
      Credential credential;
      try {
        credential = credentials.credential(connectionId);
      } catch (BackfillException failed) {
        throw failed;
      } catch (RuntimeException failed) {
        throw new AuthenticationException(profile.provider(), "the credential provider failed: " + redactor.redact(failed.toString()),
            redactor.redact(failed));
      }
      if (credential == null) {
        throw new AuthenticationException(profile.provider(), "the credential provider returned no credential");
      }
      redactor.remember(credential.secret());
      return credential;
    }

    private void paceClientSide() {
      if (ceiling == null) {
        return;
      }
      Duration wait = ceiling.reservePermit();
      if (!wait.isZero() && !wait.isNegative()) {
        Instant until = clock.instant().plus(wait);
        observer.rateLimitWait(until, "client-side ceiling");
        sleep(wait);
      }
    }

    private void waitUntil(Instant until, String reason, RateLimitStatus status) {
      if (!settings.waitForRateLimits()) {
        throw new RateLimitExhaustedException(profile.provider(), safeUrl, until, reason + "; resume at the reset");
      }
      waits++;
      if (waits > settings.maxThrottleWaits()) {
        throw new RateLimitExhaustedException(profile.provider(), safeUrl,
            status == null ? until : status.resetAt().orElse(until),
            "still limited after " + settings.maxThrottleWaits() + " waits (" + reason + ")");
      }
      Duration wait = chargeWait(until, reason, status);
      LOG.debug("{}: {} for {}; waiting {} until {}", profile.provider(), reason, safeUrl, wait, until);
      observer.rateLimitWait(clock.instant().plus(wait), reason);
      sleep(wait);
    }

    /**
     * Takes the wait until {@code until} from this request's wait budget and returns it; fails
     * when that one wait is longer than {@link HttpSettings#maxRateLimitWait()} or the request's
     * waits together would pass {@link HttpSettings#maxTotalWait()}.
     */
    private Duration chargeWait(Instant until, String reason, RateLimitStatus status) {
      Duration wait = Duration.between(clock.instant(), until);
      if (wait.isNegative()) {
        wait = Duration.ZERO;
      }
      Instant retryAt = status == null ? until : status.resetAt().filter(until::isBefore).orElse(until);
      if (wait.compareTo(settings.maxRateLimitWait()) > 0) {
        throw new RateLimitExhaustedException(profile.provider(), safeUrl, retryAt, reason + ": the provider asks for a wait of "
            + Durations.describe(wait) + ", longer than the longest accepted wait of " + Durations.describe(settings.maxRateLimitWait()));
      }
      if (waited.plus(wait).compareTo(settings.maxTotalWait()) > 0) {
        throw new RateLimitExhaustedException(profile.provider(), safeUrl, retryAt, reason + ": waiting another "
            + Durations.describe(wait) + " would pass this request's wait budget of " + Durations.describe(settings.maxTotalWait())
            + " (" + Durations.describe(waited) + " spent)");
      }
      waited = waited.plus(wait);
      return wait;
    }

    private void sleep(Duration wait) {
      try {
        Thread.sleep(wait.plusNanos(999_999).toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new BackfillCancelledException("interrupted while waiting to call " + safeUrl);
      }
    }

    private HttpResponse<byte[]> send(Credential credential) {
      HttpRequest built = build(credential);
      boolean acquired = false;
      try {
        if (inFlight != null) {
          inFlight.acquire();
          acquired = true;
        }
        observer.requestSent();
        return BoundedHttp.send(client, built, settings.maxResponseBytes(), settings.requestTimeout());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new BackfillCancelledException("interrupted while calling " + safeUrl);
      } catch (BoundedHttp.BodyTooLargeException tooLarge) {
        throw new MalformedResponseException(profile.provider(), safeUrl, tooLarge.getMessage(), null);
      } catch (IOException failed) {
        throw transientIo(failed);
      } finally {
        if (acquired) {
          inFlight.release();
        }
      }
    }

    private HttpRequest build(Credential credential) {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout());
        profile.headers().forEach(request::setHeader);
        headers.forEach(request::setHeader);
        if (credential != null) {
          request.setHeader("Authorization", profile.authScheme().headerValue(credential.secret()));
        }
        if (body == null) {
          request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
          request.setHeader("Content-Type", "application/json");
          request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return request.build();
      } catch (IllegalArgumentException invalid) {
        // The JDK's message quotes the offending header value, which may be a credential.
        throw new BackfillException("cannot build the " + method + " request to " + profile.provider() + " at " + safeUrl
            + ": a header name or value holds a character HTTP does not allow");
      }
    }

    private TransientFailure transientIo(IOException cause) {
      Throwable redacted = redactor.redact(cause);
      String reason = redactor.redact(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      return new TransientFailure(reason, null, new ProviderConnectionException(profile.provider(), safeUrl, redacted));
    }

    private JsonNode parse(byte[] bytes) {
      if (bytes.length == 0) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(bytes);
      } catch (StreamConstraintsException tooMany) {
        throw new MalformedResponseException(profile.provider(), safeUrl, "body of " + bytes.length
            + " bytes holds more than " + MAX_JSON_TOKENS + " JSON tokens, far more than any page of a provider", null);
      } catch (IOException unparseable) {
        String detail = "body of " + bytes.length + " bytes does not parse as JSON";
        throw new TransientFailure(detail, null, new MalformedResponseException(profile.provider(), safeUrl,
            detail + ": " + redactor.redact(firstLine(unparseable.getMessage())), redactor.redact(unparseable)));
      }
    }

  }

  private static ObjectReader reader() {
    ObjectMapper mapper = BackfillJson.newMapper();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxTokenCount(MAX_JSON_TOKENS).build());
    return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private static boolean hasHeader(Map<String, String> headers, String name) {
    return headers.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
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

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String text(byte[] body) {
    return new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.UTF_8);
  }

  /**
   * The start of an error body, for an exception message: without the connection's secrets (a
   * proxy may echo the {@code Authorization} header) or control characters, and short.
   */
  private String snippet(byte[] body) {
    String text = redactor.redact(text(body)).strip().replaceAll("\\s+", " ");
    return text.length() > MAX_SNIPPET ? text.substring(0, MAX_SNIPPET) + "..." : text;
  }
}
