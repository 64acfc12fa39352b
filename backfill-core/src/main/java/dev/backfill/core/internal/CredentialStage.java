package dev.backfill.core.internal;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Attaches the connection's credential to an attempt (unless the caller sent an {@code
 * Authorization} of its own) and remembers it for redaction; asks for a refresh when the provider
 * refuses it: a 401, or whatever a response stage calls {@code UNAUTHORIZED}, telling whether
 * that credential had been accepted before (it expired, perhaps spent by requests side by side).
 * Once the provider has refused a credential, a credential it has not accepted yet is tried by one
 * request at a time while the connection's other requests wait: requests side by side then never
 * spend or fail a refreshed credential before anyone has learnt that it works. A failing credential
 * provider becomes an {@link AuthenticationException} whose text holds no known secret.
 */
final class CredentialStage implements Stage {
  private static final int REMEMBERED = 8;
  private final String provider;
  private final String connectionId;
  private final Supplier<CredentialProvider> credentials;
  private final Redactor redactor;
  /** Credentials the provider accepted lately; a few, as credentials rotate seldom. */
  private final Set<Credential> accepted = ConcurrentHashMap.newKeySet();
  /** Credentials the provider refused lately. */
  private final Set<Credential> refused = ConcurrentHashMap.newKeySet();
  /** Held by the one request trying a credential not yet accepted, after a refusal. */
  private final Semaphore trial = new Semaphore(1);

  CredentialStage(String provider, String connectionId, Supplier<CredentialProvider> credentials, Redactor redactor) {
    this.provider = provider;
    this.connectionId = connectionId;
    this.credentials = credentials;
    this.redactor = redactor;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    if (attempt.hasHeader("authorization")) {
      return chain.proceed(attempt);
    }
    attempt.credential = credential();
    if (refused.isEmpty() || accepted.contains(attempt.credential)) {
      return judged(attempt, chain);
    }
    try {
      trial.acquire();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BackfillCancelledException("interrupted while waiting for a refreshed credential to call " + attempt.safeUrl);
    }
    boolean trying = true;
    try {
      attempt.credential = credential();
      if (accepted.contains(attempt.credential)) {
        trial.release();
        trying = false;
      }
      return judged(attempt, chain);
    } finally {
      if (trying) {
        trial.release();
      }
    }
  }

  private Answer judged(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    if (answer.verdict == ResponseStage.Verdict.UNAUTHORIZED || answer.verdict == ResponseStage.Verdict.AS_IS && answer.status == 401) {
      throw new RetrySignal.Refresh(attempt.credential, answer.status, accepted.contains(attempt.credential),
          !remember(refused, attempt.credential));
    }
    remember(accepted, attempt.credential);
    return answer;
  }

  /** Adds {@code credential} to a few remembered ones; whether it was new there. */
  private static boolean remember(Set<Credential> credentials, Credential credential) {
    if (credentials.contains(credential)) {
      return false;
    }
    if (credentials.size() >= REMEMBERED) {
      credentials.clear();
    }
    return credentials.add(credential);
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
