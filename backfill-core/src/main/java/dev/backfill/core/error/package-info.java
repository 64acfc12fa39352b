/**
 * Every error the SDK raises: {@link dev.backfill.core.error.BackfillException} and its subtypes.
 * Each answers {@link dev.backfill.core.error.BackfillException#retryable()} (whether the same
 * call may succeed later without anyone changing anything) and, where a provider answered or was
 * called, {@link dev.backfill.core.error.BackfillException#provider()}; errors about a call to a
 * provider extend {@link dev.backfill.core.error.ProviderException}, which adds the redacted URL
 * and the HTTP status.
 */
package dev.backfill.core.error;
