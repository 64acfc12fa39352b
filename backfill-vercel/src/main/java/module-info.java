/** The Vercel connector of the backfill SDK. */
module dev.backfill.vercel {
  requires transitive dev.backfill.core;
  requires static org.immutables.value.annotations;

  exports dev.backfill.vercel;

  provides dev.backfill.core.spi.BackfillConnector with dev.backfill.vercel.VercelConnector;
}
