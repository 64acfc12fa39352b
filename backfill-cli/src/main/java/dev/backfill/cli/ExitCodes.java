package dev.backfill.cli;

/** The exit codes of the {@code backfill} command. */
final class ExitCodes {
  /** Everything asked for was done. */
  static final int DONE = 0;
  /** The run ended, but some (resource, entity type) failed; their checkpoints keep the last good page. */
  static final int PARTIAL_FAILURE = 1;
  /** The command line was wrong; the message says what and lists the valid choices. */
  static final int BAD_USAGE = 2;
  /** The provider refused the credential, even after a refresh. */
  static final int AUTHENTICATION_FAILED = 3;
  /** The run was cancelled (Ctrl-C) or timed out; a re-run with the same --state resumes it. */
  static final int CANCELLED = 4;
  /** A webhook's signature did not match. */
  static final int SIGNATURE_MISMATCH = 5;

  private ExitCodes() {}
}
