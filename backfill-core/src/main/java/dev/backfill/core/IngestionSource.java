package dev.backfill.core;

/** How an event entered the host: pushed by a webhook, pulled by a backfill, created by hand, or sent through an API. */
public enum IngestionSource {
  WEBHOOK,
  BACKFILL,
  MANUAL,
  API
}
