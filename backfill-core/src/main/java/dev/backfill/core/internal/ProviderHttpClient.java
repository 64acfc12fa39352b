package dev.backfill.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.backfill.core.AuthenticationException;
import dev.backfill.core.BackfillCancelledException;
import dev.backfill.core.BackfillException;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.MalformedResponseException;
import dev.backfill.core.ProviderApiException;
import dev.backfill.core.ProviderConnectionException;
import dev.backfill.core.RateLimitExhaustedException;
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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of one provider connection, shared by that connection's workers: it holds the
 * budget estimate, the client-side ceiling and the in-flight limit. {@link #forWorker} gives each
 * worker a {@link ProviderHttp} that reports to that worker's observer.
 */
public final class ProviderHttpClient {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttpClient.class);
  private static final ObjectReader JSON =
      BackfillJson.newMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final HttpClient client;
  private final HttpProfile profile;
  private final HttpSettings settings;
  private final CredentialProvider credentials;
  private final String connectionId;
  private final Clock clock;
  private final BudgetTracker budget = new BudgetTracker();
  private final RateLimiter<Object> ceiling;
  private final InFlightLimit inFlight;

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
        throw new BackfillException("unexpected failure calling " + profile.provider() + " at " + RedactedUrl.of(uri), wrapped.getCause());
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

    Exchange(String method, URI uri, String body, Map<String, String> headers, HttpObserver observer) {
      this.method = method;
      this.uri = uri;
      this.body = body;
      this.headers = headers;
      this.observer = observer;
      this.safeUrl = RedactedUrl.of(uri);
      this.sendsCredential = sameOrigin(uri, profile.apiBase()) && !hasHeader(headers, "authorization");
    }

    ProviderResponse attempt() {
      while (true) {
        Optional<Instant> budgetReset = budget.take(clock.instant(), profile.rateLimitPolicy().reserve());
        if (budgetReset.isPresent()) {
          waitUntil(budgetReset.get(), "budget at reserve", null);
          continue;
        }
        paceClientSide();
        Credential credential = sendsCredential ? credentials.credential(connectionId) : null;
        HttpResponse<byte[]> response = send(credential);
        Instant now = clock.instant();
        if (inFlight != null && profile.concurrencyLimitHeader().isPresent()) {
          response.headers().firstValue(profile.concurrencyLimitHeader().get()).ifPresent(inFlight::announce);
        }
        RateLimitStatus status = profile.rateLimitPolicy().read(response.headers(), now).orElse(null);
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
            .throttledUntil(code, response.headers(), text, now, waits + 1);
        if (throttledUntil.isPresent()) {
          waitUntil(throttledUntil.get(), "throttled with HTTP " + code, status);
          continue;
        }
        if (code >= 500) {
          throw new TransientFailure("HTTP " + code, HeaderRateLimitPolicy.retryAfter(response.headers(), now).orElse(null),
              new ProviderApiException(profile.provider(), code, safeUrl, snippet(response.body())));
        }
        if ((code < 200 || code >= 300) && !profile.passThroughStatuses().contains(code)) {
          throw new ProviderApiException(profile.provider(), code, safeUrl, snippet(response.body()));
        }
        return new ProviderResponse(code, uri, response.headers(), parse(response.body()), status);
      }
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
      Instant now = clock.instant();
      Instant latest = now.plus(settings.maxRateLimitWait());
      Instant resumeAt = until.isAfter(latest) ? latest : until.isBefore(now) ? now : until;
      Duration wait = Duration.between(now, resumeAt);
      LOG.debug("{}: {} for {}; waiting until {}", profile.provider(), reason, safeUrl, resumeAt);
      observer.rateLimitWait(resumeAt, reason);
      sleep(wait);
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
      boolean acquired = false;
      LimitedBodySubscriber subscriber = new LimitedBodySubscriber(settings.maxResponseBytes());
      CompletableFuture<HttpResponse<byte[]>> future = null;
      try {
        if (inFlight != null) {
          inFlight.acquire();
          acquired = true;
        }
        observer.requestSent();
        future = client.sendAsync(request.build(), info -> subscriber);
        return future.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException interrupted) {
        if (future != null) {
          future.cancel(true);
        }
        Thread.currentThread().interrupt();
        throw new BackfillCancelledException("interrupted while calling " + safeUrl);
      } catch (TimeoutException timeout) {
        future.cancel(true);
        throw transientIo(new HttpTimeoutException("no complete response within " + settings.requestTimeout()));
      } catch (ExecutionException failed) {
        if (subscriber.exceededLimit()) {
          throw new MalformedResponseException(profile.provider(), safeUrl,
              "response body exceeds the limit of " + settings.maxResponseBytes() + " bytes", null);
        }
        throw transientIo(failed.getCause());
      } finally {
        if (acquired) {
          inFlight.release();
        }
      }
    }

    private TransientFailure transientIo(Throwable cause) {
      String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      return new TransientFailure(reason, null, new ProviderConnectionException(profile.provider(), safeUrl, cause));
    }

    private JsonNode parse(byte[] bytes) {
      if (bytes.length == 0) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(bytes);
      } catch (IOException unparseable) {
        String detail = "body of " + bytes.length + " bytes does not parse as JSON";
        throw new TransientFailure(detail, null,
            new MalformedResponseException(profile.provider(), safeUrl, detail + ": " + firstLine(unparseable.getMessage()), unparseable));
      }
    }

  }

  private static boolean hasHeader(Map<String, String> headers, String name) {
    return headers.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
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

  /** The start of an error body, for an exception message; providers' error bodies carry no secrets. */
  private static String snippet(byte[] body) {
    String text = text(body).strip().replaceAll("\\s+", " ");
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
