package dev.backfill.core;

/** How an event entered the host: pushed by a webhook, pulled by a backfill, created by hand, or sent through an API. */
public enum IngestionSource {
  /** A provider's webhook delivery. */
  WEBHOOK,
  /** A backfill of the provider's history. */
  BACKFILL,
  /** Entered by a person. */
  MANUAL,
  /** Sent by another system through the host's API. */
  API
}
