/** The GitHub connector of the backfill SDK. */
module dev.backfill.github {
  requires transitive dev.backfill.core;
  requires static org.immutables.value.annotations;

  exports dev.backfill.github;

  provides dev.backfill.core.spi.BackfillConnector with dev.backfill.github.GitHubConnector;
}
