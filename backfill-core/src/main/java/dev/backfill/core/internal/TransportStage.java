package dev.backfill.core.internal;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.error.ProviderConnectionException;
import dev.backfill.core.http.BoundedHttp;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * Sends an attempt over {@code java.net.http} with the profile's headers and the attempt's
 * credential, and reads the whole answer within the request timeout and size cap. Connection
 * trouble and timeouts ask for another try; a body over the cap is malformed.
 */
final class TransportStage implements Stage {
  private final HttpClient client;
  private final HttpProfile profile;
  private final HttpSettings settings;
  private final Clock clock;
  private final Redactor redactor;

  TransportStage(HttpClient client, HttpProfile profile, HttpSettings settings, Clock clock, Redactor redactor) {
    this.client = client;
    this.profile = profile;
    this.settings = settings;
    this.clock = clock;
    this.redactor = redactor;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    HttpRequest request = build(attempt);
    attempt.observer.requestSent();
    HttpResponse<byte[]> response = null;
    try {
      response = BoundedHttp.send(client, request, settings.maxResponseBytes(), settings.requestTimeout());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while calling " + attempt.safeUrl);
    } catch (BoundedHttp.BodyTooLargeException tooLarge) {
      throw new MalformedResponseException(profile.provider(), attempt.safeUrl, tooLarge.getMessage(), null);
    } catch (IOException failed) {
      String reason = redactor.redact(failed.getClass().getSimpleName() + (failed.getMessage() == null ? "" : ": " + failed.getMessage()));
      throw new RetrySignal.Transient(reason, null,
          new ProviderConnectionException(profile.provider(), attempt.safeUrl, redactor.redact(failed)));
    } finally {
      attempt.observer.requestEnded(response == null ? OptionalInt.empty() : OptionalInt.of(response.statusCode()));
    }
    Instant now = clock.instant();
    return new Answer(response.statusCode(), response.headers(), response.body(), now, ServerTime.of(response.headers(), now));
  }

  private HttpRequest build(Attempt attempt) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(attempt.uri).timeout(settings.requestTimeout());
      profile.headers().forEach(request::setHeader);
      attempt.headers.forEach(request::setHeader);
      if (attempt.credential != null) {
        request.setHeader("Authorization", profile.authScheme().headerValue(attempt.credential.secret()));
      }
      if (attempt.body == null) {
        request.method(attempt.method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.setHeader("Content-Type", "application/json");
        request.method(attempt.method, HttpRequest.BodyPublishers.ofString(attempt.body, StandardCharsets.UTF_8));
      }
      return request.build();
    } catch (IllegalArgumentException invalid) {
      // The JDK's message quotes the offending header value, which may be a credential.
      throw new BackfillException("cannot build the " + attempt.method + " request to " + profile.provider() + " at " + attempt.safeUrl
          + ": a header name or value holds a character HTTP does not allow");
    }
  }
}
