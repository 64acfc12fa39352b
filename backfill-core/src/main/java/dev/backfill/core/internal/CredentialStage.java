package dev.backfill.core.internal;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Attaches the connection's credential to an attempt (unless the caller sent an {@code
 * Authorization} of its own) and remembers it for redaction; asks for a refresh when the provider
 * refuses it: a 401, or whatever a response stage calls {@code UNAUTHORIZED}, telling whether
 * that credential had been accepted before (it expired, perhaps spent by requests side by side). A failing credential provider becomes an {@link AuthenticationException} whose text
 * holds no known secret.
 */
final class CredentialStage implements Stage {
  private static final int REMEMBERED = 8;
  private final String provider;
  private final String connectionId;
  private final Supplier<CredentialProvider> credentials;
  private final Redactor redactor;
  /** Credentials the provider accepted lately; a few, as credentials rotate seldom. */
  private final Set<Credential> accepted = ConcurrentHashMap.newKeySet();

  CredentialStage(String provider, String connectionId, Supplier<CredentialProvider> credentials, Redactor redactor) {
    this.provider = provider;
    this.connectionId = connectionId;
    this.credentials = credentials;
    this.redactor = redactor;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    if (!attempt.hasHeader("authorization")) {
      attempt.credential = credential();
    }
    Answer answer = chain.proceed(attempt);
    boolean refused = answer.verdict == ResponseStage.Verdict.UNAUTHORIZED
        || answer.verdict == ResponseStage.Verdict.AS_IS && answer.status == 401;
    if (attempt.credential != null && refused) {
      throw new RetrySignal.Refresh(attempt.credential, answer.status, accepted.contains(attempt.credential));
    }
    if (attempt.credential != null && !accepted.contains(attempt.credential)) {
      if (accepted.size() >= REMEMBERED) {
        accepted.clear();
      }
      accepted.add(attempt.credential);
    }
    return answer;
  }

  private Credential credential() {
    Credential credential;
    try {
      credential = credentials.get().credential(connectionId);
    } catch (BackfillException failed) {
      throw failed;
    } catch (RuntimeException failed) {
      throw new AuthenticationException(provider, "the credential provider failed: " + redactor.redact(failed.toString()),
          redactor.redact(failed));
    }
    if (credential == null) {
      throw new AuthenticationException(provider, "the credential provider returned no credential");
    }
    redactor.remember(credential.secret());
    return credential;
  }
}
