/** Publishes a backfill's progress to a Micrometer registry. */
module dev.backfill.micrometer {
  requires transitive dev.backfill.core;
  requires transitive micrometer.core;

  exports dev.backfill.micrometer;
}
