package dev.backfill.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The machinery the provider fakes share: an HTTP server on loopback that hands
 * every request to {@link #answer}, after an authorization check, a request budget announced in
 * rate-limit headers, and seeded fault injection (5xx, throttles, truncated bodies, reset
 * connections, slow responses, fixed latency). A test's {@link #override} wins over the fake, and
 * {@link #requests()} lists what was asked.
 */
public abstract class FakeProvider implements AutoCloseable {
  private final Conditions conditions;
  private final Random faults;
  private final Stats stats = new Stats();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Object, String> rendered = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> credentialUses = new ConcurrentHashMap<>();
  private final List<Stub> overrides = new CopyOnWriteArrayList<>();
  private final List<FakeRequest> requests = new CopyOnWriteArrayList<>();
  private LoopbackServer server;
  private long windowStart;
  private long remaining;

  /** A fake serving under {@code conditions}; call {@link #start()} once the data is ready. */
  protected FakeProvider(Conditions conditions) {
    this.conditions = conditions;
    this.faults = new Random(conditions.seed ^ 0x5DEECE66DL);
  }

  /** Starts the server; subclasses call it once their data is generated. */
  protected final void start() {
    remaining = conditions.rateLimit;
    windowStart = conditions.clock.millis();
    server = new LoopbackServer(this::handle);
  }

  /** The base URL of the fake API, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return server.origin();
  }

  /**
   * Answers the requests {@code matches} accepts with {@code answer} from now on, before the fake
   * looks at them (no authorization, budget, faults or latency), as a test's stub would; the
   * first override that matches answers.
   */
  public final void override(Predicate<FakeRequest> matches, Function<FakeRequest, FakeResponse> answer) {
    overrides.add(new Stub(matches, answer, false));
  }

  /** Like {@link #override}, for the next request {@code matches} accepts only. */
  public final void overrideOnce(Predicate<FakeRequest> matches, Function<FakeRequest, FakeResponse> answer) {
    overrides.add(new Stub(matches, answer, true));
  }

  /** Every request received so far, in the order they arrived. */
  public final List<FakeRequest> requests() {
    return List.copyOf(requests);
  }

  /** What the fake has answered so far. */
  public Stats stats() {
    return stats;
  }

  @Override
  public void close() {
    server.close();
  }

  /** The answer to an authorized request within budget, before faults are applied. */
  protected abstract FakeResponse answer(FakeRequest request, String path);

  /** The answer when the request budget is spent (GitHub: 403, others: 429). */
  protected abstract FakeResponse budgetSpent();

  /** A throttle beyond the budget, such as GitHub's secondary limit, with {@code retry-after}. */
  protected abstract FakeResponse throttled();

  /** Adds the provider's rate-limit headers. */
  protected abstract void addRateLimitHeaders(FakeResponse response, long limit, long remaining, long resetEpochSeconds);

  /** An answer given before authorization and budget (a token exchange, say); empty for none. */
  protected Optional<FakeResponse> unmetered(FakeRequest request, String path) {
    return Optional.empty();
  }

  /**
   * Refuses a request without an {@code Authorization} header, and one whose credential was used
   * more often than the credential lifetime allows (stats kind {@code expired-token}); subclasses
   * may check more.
   */
  protected Optional<FakeResponse> authorize(FakeRequest request) {
    String authorization = request.header("Authorization").orElse("");
    if (authorization.isBlank()) {
      stats.record("unauthorized");
      return Optional.of(json(401, error("Requires authentication")));
    }
    if (conditions.credentialLifetime > 0
        && credentialUses.computeIfAbsent(authorization, key -> new AtomicLong()).incrementAndGet() > conditions.credentialLifetime) {
      stats.record("expired-token");
      return Optional.of(json(401, error("Bad credentials")));
    }
    return Optional.empty();
  }

  /** The instant the generated history ends at. */
  protected final Instant historyEnd() {
    return conditions.historyEnd;
  }

  /** How many days before {@link #historyEnd()} the generated history spreads over. */
  protected final int historyDays() {
    return conditions.historyDays;
  }

  /** The path the fake routes on; subclasses strip prefixes such as {@code /api/v3}. */
  protected String routedPath(String rawPath) {
    return rawPath;
  }

  /** A JSON response with the provider's rate-limit headers. */
  protected final FakeResponse json(int status, String body) {
    FakeResponse response = FakeResponse.json(status, body);
    synchronized (this) {
      long reset = (windowStart + conditions.rateLimitWindow.toMillis() + 999) / 1000;
      addRateLimitHeaders(response, conditions.rateLimit, Math.max(0, remaining), reset);
    }
    return response;
  }

  /** An error body {@code {"message": ...}}. */
  protected static String error(String message) {
    return JsonNodeFactory.instance.objectNode().put("message", message).toString();
  }

  /** An entity's JSON text, rendered once: a fake's data never changes after it starts. */
  protected final String rendered(Object key, Supplier<String> render) {
    return rendered.computeIfAbsent(key, ignored -> render.get());
  }

  /** Items {@code from} to {@code from + size} of {@code all}, clamped. */
  protected static <T> List<T> slice(List<T> all, int from, int size) {
    int start = Math.max(0, Math.min(all.size(), from));
    return all.subList(start, Math.min(all.size(), start + Math.max(0, size)));
  }

  /** Counts of a fake's answers, for figures and fault-matrix checks. */
  public static final class Stats {
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();

    /** Counts one answer of {@code kind}. */
    public void record(String kind) {
      byKind.computeIfAbsent(kind, key -> new AtomicLong()).incrementAndGet();
    }

    /** Every request the fake answered, faults included. */
    public long requests() {
      return requests.get();
    }

    @Override
    public String toString() {
      return "Stats" + new java.util.TreeMap<>(byKind);
    }

    /**
     * Answers of one kind. Common kinds: {@code list}, {@code budget-spent}, {@code throttled},
     * {@code server-error}, {@code truncated}, {@code slow}, {@code connection-reset}, {@code
     * unauthorized}, {@code expired-token}, {@code not-found}; each fake documents its own.
     */
    public long count(String kind) {
      AtomicLong value = byKind.get(kind);
      return value == null ? 0 : value.get();
    }
  }

  private FakeResponse handle(FakeRequest request) {
    requests.add(request);
    return overridden(request).orElseGet(() -> answered(request));
  }

  private Optional<FakeResponse> overridden(FakeRequest request) {
    for (Stub override : overrides) {
      if (override.matches.test(request) && (!override.once || overrides.remove(override))) {
        return Optional.of(override.answer.apply(request));
      }
    }
    return Optional.empty();
  }

  private FakeResponse answered(FakeRequest request) {
    long arrived = System.nanoTime();
    stats.requests.incrementAndGet();
    int concurrent = inFlight.incrementAndGet();
    AtomicBoolean served = new AtomicBoolean(true);
    FakeResponse response;
    try {
      response = route(request, routedPath(request.path()), concurrent, served);
      long latencyLeft = conditions.latency.toNanos() - (System.nanoTime() - arrived);
      if (latencyLeft > 0) {
        LockSupport.parkNanos(latencyLeft);
      }
    } finally {
      if (served.get()) {
        inFlight.decrementAndGet();
      }
    }
    return response.withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(conditions.clock.instant().atZone(ZoneOffset.UTC)));
  }

  /**
   * Answers {@code request}, the {@code concurrent}th in flight, counted until it is answered or
   * refused as one too many ({@code served} then turns false and it stops counting at once: a server
   * counts only the requests it serves).
   */
  private FakeResponse route(FakeRequest request, String path, int concurrent, AtomicBoolean served) {
    Optional<FakeResponse> unmetered = unmetered(request, path);
    if (unmetered.isPresent()) {
      return unmetered.get();
    }
    Optional<FakeResponse> refused = authorize(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (conditions.concurrencyLimit > 0 && concurrent > conditions.concurrencyLimit) {
      served.set(false);
      inFlight.decrementAndGet();
      stats.record("too-many-in-flight");
      return throttled();
    }
    synchronized (this) {
      long now = conditions.clock.millis();
      if (now - windowStart >= conditions.rateLimitWindow.toMillis()) {
        windowStart = now;
        remaining = conditions.rateLimit;
      }
      if (remaining <= 0) {
        stats.record("budget-spent");
        return budgetSpent();
      }
      remaining--;
    }
    double dice;
    synchronized (faults) {
      dice = faults.nextDouble();
    }
    if (dice < conditions.serverErrorRate) {
      stats.record("server-error");
      return json(503, error("Service Unavailable"));
    }
    dice -= conditions.serverErrorRate;
    if (dice < conditions.throttleRate) {
      stats.record("throttled");
      return throttled();
    }
    dice -= conditions.throttleRate;
    if (dice < conditions.resetRate) {
      stats.record("connection-reset");
      return FakeResponse.connectionReset();
    }
    dice -= conditions.resetRate;
    FakeResponse answer = answer(request, path);
    if (dice < conditions.truncateRate) {
      stats.record("truncated");
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      return answer.withBody(new String(bytes, 0, bytes.length / 2, StandardCharsets.UTF_8));
    }
    dice -= conditions.truncateRate;
    if (dice < conditions.slowRate) {
      stats.record("slow");
      answer.withDelay(conditions.slowDelay);
    }
    return answer;
  }

  /** A test's answer to the requests it matches. */
  private static final class Stub {
    final Predicate<FakeRequest> matches;
    final Function<FakeRequest, FakeResponse> answer;
    final boolean once;

    Stub(Predicate<FakeRequest> matches, Function<FakeRequest, FakeResponse> answer, boolean once) {
      this.matches = matches;
      this.answer = answer;
      this.once = once;
    }
  }

  /** The conditions a fake serves under: seed, budget, latency and faults. */
  protected static final class Conditions {
    long seed = 1;
    long rateLimit = 5000;
    Duration rateLimitWindow = Duration.ofHours(1);
    Duration latency = Duration.ZERO;
    double serverErrorRate;
    double throttleRate;
    double truncateRate;
    double slowRate;
    Duration slowDelay = Duration.ZERO;
    double resetRate;
    int concurrencyLimit;
    long credentialLifetime;
    Clock clock = Clock.systemUTC();
    Instant historyEnd = Instant.parse("2026-11-23T12:00:00Z");
    int historyDays = 120;

    /** The seed the fake's data and faults derive from. */
    public long seed() {
      return seed;
    }
  }

  /**
   * The options every fake's builder shares.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Builder<B extends Builder<B>> {
    /** The conditions being configured, handed to the fake by the concrete builder's {@code start()}. */
    protected final Conditions conditions = new Conditions();

    /** This builder, typed as the concrete one. */
    protected abstract B self();

    /** The seed the data and the faults derive from; 1 by default. */
    public B seed(long seed) {
      conditions.seed = seed;
      return self();
    }

    /** The data spreads over {@code days} days before {@code now}; 120 days before 2026-11-23T12:00:00Z by default. */
    public B history(Instant now, int days) {
      conditions.historyEnd = Objects.requireNonNull(now, "now");
      conditions.historyDays = days;
      return self();
    }

    /** The request budget: {@code requests} per {@code window}, announced in rate-limit headers. */
    public B rateLimit(long requests, Duration window) {
      conditions.rateLimit = requests;
      conditions.rateLimitWindow = window;
      return self();
    }

    /**
     * The time from a request's arrival to its answer, the fake's own work included, as a real API's
     * latency includes its processing; slow responses add their delay on top.
     */
    public B latency(Duration latency) {
      conditions.latency = latency;
      return self();
    }

    /** Shares of requests answered with 503, a throttle with {@code retry-after}, or a body cut in half. */
    public B faults(double serverErrorRate, double throttleRate, double truncateRate) {
      conditions.serverErrorRate = serverErrorRate;
      conditions.throttleRate = throttleRate;
      conditions.truncateRate = truncateRate;
      return self();
    }

    /**
     * The clock the request budget's window and the {@code Date} header follow; the system clock by
     * default (tests skipping time pass theirs, tests of clock skew an offset one).
     */
    public B clock(Clock clock) {
      conditions.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }

    /**
     * A secondary limit on requests in flight at once (0: none): a request beyond it is answered
     * as {@link #throttled()} (stats kind {@code too-many-in-flight}), and stops counting as in
     * flight as soon as it is refused, though its answer still takes the latency.
     */
    public B concurrencyLimit(int requests) {
      conditions.concurrencyLimit = requests;
      return self();
    }

    /** A share of requests whose connection is reset instead of answered. */
    public B connectionResets(double rate) {
      conditions.resetRate = rate;
      return self();
    }

    /** Each credential is refused with 401 after this many requests (0: never), so a client must refresh it. */
    public B credentialLifetime(long requests) {
      conditions.credentialLifetime = requests;
      return self();
    }

    /** A share of responses delayed by {@code delay} (longer than a client timeout, say). */
    public B slowResponses(double rate, Duration delay) {
      conditions.slowRate = rate;
      conditions.slowDelay = delay;
      return self();
    }
  }
}
