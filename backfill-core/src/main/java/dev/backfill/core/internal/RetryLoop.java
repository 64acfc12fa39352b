package dev.backfill.core.internal;

import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.RateLimitStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop around the chain of one request: it tries, and acts on what the stages ask. A
 * transient failure is tried again after a jittered, doubling backoff (or its {@code Retry-After})
 * up to {@link HttpSettings#maxAttempts()} tries; a throttle or a spent budget is waited out, at
 * most {@link HttpSettings#maxThrottleWaits()} times, no one wait longer than {@link
 * HttpSettings#maxRateLimitWait()} and all of them within {@link HttpSettings#maxTotalWait()}; a
 * refused credential is refreshed, again only when the new one had worked for other requests
 * before it too was refused; at most {@code MAX_REFRESHES} times where this request was the first
 * to be refused that credential (a credential spent by requests side by side refuses many of them
 * at once, and only the first one's refusal stands for its refresh). Waits and retries are
 * reported to the attempt's observer.
 */
final class RetryLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);
  /** Refreshes one request may be the first to ask for: each after the last new credential expired, having worked for other requests. */
  private static final int MAX_REFRESHES = 3;

  private final String provider;
  private final String connectionId;
  private final Supplier<CredentialProvider> credentials;
  private final HttpSettings settings;
  private final Clock clock;

  RetryLoop(String provider, String connectionId, Supplier<CredentialProvider> credentials, HttpSettings settings, Clock clock) {
    this.provider = provider;
    this.connectionId = connectionId;
    this.credentials = credentials;
    this.settings = settings;
    this.clock = clock;
  }

  Answer run(Attempt first, Stage.Chain chain) {
    Attempt attempt = first;
    int failures = 0;
    int waits = 0;
    int refreshes = 0;
    int ownRefreshes = 0;
    Duration waited = Duration.ZERO;
    while (true) {
      try {
        return chain.proceed(attempt);
      } catch (RetrySignal.Refresh refused) {
        if (refreshes > 0 && !refused.acceptedBefore || !refused.refusedBefore && ownRefreshes >= MAX_REFRESHES) {
          throw new AuthenticationException(provider, "credential rejected (HTTP " + refused.status + ") for " + first.safeUrl
              + " even after " + (refreshes == 1 ? "a refresh" : refreshes + " refreshes"));
        }
        refreshes++;
        if (!refused.refusedBefore) {
          ownRefreshes++;
        }
        credentials.get().invalidate(connectionId, refused.rejected);
        first.observer.credentialRefreshed();
        LOG.debug("{} refused the credential (HTTP {}) for {}; refreshing it", provider, refused.status, first.safeUrl);
      } catch (RetrySignal.Wait limited) {
        if (!settings.waitForRateLimits()) {
          throw new RateLimitExhaustedException(provider, first.safeUrl, limited.until, limited.reason + "; resume at the reset");
        }
        waits++;
        if (waits > settings.maxThrottleWaits()) {
          throw new RateLimitExhaustedException(provider, first.safeUrl,
              limited.status == null ? limited.until : limited.status.resetAt().orElse(limited.until),
              "still limited after " + settings.maxThrottleWaits() + " waits (" + limited.reason + ")");
        }
        Duration wait = charge(first, limited.until, limited.reason, limited.status, waited);
        waited = waited.plus(wait);
        LOG.debug("{}: {} for {}; waiting {} until {}", provider, limited.reason, first.safeUrl, wait, limited.until);
        first.observer.rateLimitWait(clock.instant().plus(wait), limited.reason);
        Sleeper.sleep(wait, first.safeUrl);
      } catch (RetrySignal.Transient failed) {
        Duration delay;
        if (failed.retryAt != null) {
          delay = charge(first, failed.retryAt, failed.reason + " with Retry-After", null, waited);
          waited = waited.plus(delay);
        } else {
          delay = backoff(failures + 1);
        }
        failures++;
        if (failures >= settings.maxAttempts()) {
          throw failed.whenExhausted;
        }
        first.observer.retrying(failures, failed.reason, delay);
        Sleeper.sleep(delay, first.safeUrl);
      }
      attempt = first.again(waits);
    }
  }

  /**
   * The wait until {@code until}, checked against the longest accepted wait and what is left of
   * the request's wait budget after {@code waited}; past either, the request fails naming when to retry.
   */
  private Duration charge(Attempt first, Instant until, String reason, RateLimitStatus status, Duration waited) {
    Duration wait = Duration.between(clock.instant(), until);
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    Instant retryAt = status == null ? until : status.resetAt().filter(until::isBefore).orElse(until);
    if (wait.compareTo(settings.maxRateLimitWait()) > 0) {
      throw new RateLimitExhaustedException(provider, first.safeUrl, retryAt, reason + ": the provider asks for a wait of "
          + Durations.describe(wait) + ", longer than the longest accepted wait of " + Durations.describe(settings.maxRateLimitWait()));
    }
    if (waited.plus(wait).compareTo(settings.maxTotalWait()) > 0) {
      throw new RateLimitExhaustedException(provider, first.safeUrl, retryAt, reason + ": waiting another "
          + Durations.describe(wait) + " would pass this request's wait budget of " + Durations.describe(settings.maxTotalWait())
          + " (" + Durations.describe(waited) + " spent)");
    }
    return wait;
  }

  /** The backoff before try {@code n + 1}: the initial delay doubled per failure, capped, with 25% jitter either way. */
  private Duration backoff(int failures) {
    long initial = Math.max(1, settings.initialBackoff().toMillis());
    long capped = Math.min(settings.maxBackoff().toMillis(), initial << Math.min(20, failures - 1));
    double jitter = 1 + (ThreadLocalRandom.current().nextDouble() - 0.5) / 2;
    return Duration.ofMillis(Math.max(1, Math.round(Math.max(initial, capped) * jitter)));
  }
}
