package dev.backfill.cli;

import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.BackfillCancelledException;
import dev.backfill.core.error.InvalidPayloadException;
import dev.backfill.core.error.UnknownProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit codes of every {@code backfill} command, one table: {@link #TABLE} is what {@code
 * --help} prints, and {@link #of(Throwable)} is how every command maps a failure to a code.
 */
final class ExitCodes {
  /** Everything asked for was done. */
  static final int DONE = 0;
  /** The run ended, but some (resource, entity type) failed; their checkpoints keep the last good page. */
  static final int PARTIAL_FAILURE = 1;
  /** The command line was wrong; the message says what and lists the valid choices. */
  static final int BAD_USAGE = 2;
  /** The credential is unusable (malformed token, unreadable App key) or the provider refused it, even after a refresh. */
  static final int AUTHENTICATION_FAILED = 3;
  /** The run was cancelled (Ctrl-C, SIGTERM) or timed out; a re-run with the same --state resumes it. */
  static final int CANCELLED = 4;
  /** A webhook's signature did not match, or its timestamp was missing or too old. */
  static final int VERIFICATION_FAILED = 5;
  /** A webhook body is not usable: not one JSON object, a duplicate key, or a field its event needs is missing. */
  static final int INVALID_INPUT = 6;
  /** Another run is using the --state directory. */
  static final int STATE_LOCKED = 7;

  /** Each code with what it means, in order. */
  static final Map<String, String> TABLE = table();

  private ExitCodes() {}

  private static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put(Integer.toString(DONE), "done");
    table.put(Integer.toString(PARTIAL_FAILURE), "partial failure (some resource or entity type failed; re-run to resume)");
    table.put(Integer.toString(BAD_USAGE), "bad usage (the message says what is wrong and the valid choices)");
    table.put(Integer.toString(AUTHENTICATION_FAILED), "authentication failed (the credential is unusable or was refused)");
    table.put(Integer.toString(CANCELLED), "cancelled (Ctrl-C, SIGTERM or timeout; re-run with the same --state to resume)");
    table.put(Integer.toString(VERIFICATION_FAILED), "webhook verification failed (signature mismatch, missing or stale timestamp)");
    table.put(Integer.toString(INVALID_INPUT), "invalid webhook body (not one JSON object, a duplicate key, a missing field)");
    table.put(Integer.toString(STATE_LOCKED), "another run is fetching what this one would (same --state, same resources)");
    return java.util.Collections.unmodifiableMap(table);
  }

  /** The code for a command that ended with {@code failure}. */
  static int of(Throwable failure) {
    if (failure instanceof CommandLine.ParameterException || failure instanceof IllegalArgumentException
        || failure instanceof UnknownProviderException) {
      return BAD_USAGE;
    }
    if (failure instanceof AuthenticationException) {
      return AUTHENTICATION_FAILED;
    }
    if (failure instanceof BackfillCancelledException) {
      return CANCELLED;
    }
    if (failure instanceof InvalidPayloadException) {
      return INVALID_INPUT;
    }
    return PARTIAL_FAILURE;
  }
}
