/** The Linear connector of the backfill SDK. */
module dev.backfill.linear {
  requires transitive dev.backfill.core;
  requires static org.immutables.value.annotations;

  exports dev.backfill.linear;

  provides dev.backfill.core.spi.BackfillConnector with dev.backfill.linear.LinearConnector;
}
