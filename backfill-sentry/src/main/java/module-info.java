/** The Sentry connector of the backfill SDK. */
module dev.backfill.sentry {
  requires transitive dev.backfill.core;
  requires static org.immutables.value.annotations;

  exports dev.backfill.sentry;

  provides dev.backfill.core.spi.BackfillConnector with dev.backfill.sentry.SentryConnector;
}
