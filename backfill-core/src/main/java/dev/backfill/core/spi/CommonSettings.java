package dev.backfill.core.spi;

/**
 * The settings most connectors share, declared once: the same key, type and meaning everywhere,
 * with each connector's own default and bounds.
 */
public final class CommonSettings {
  /** The key of the API base URL setting. */
  public static final String BASE_URL = "baseUrl";
  /** The key of the items-per-request setting. */
  public static final String PAGE_SIZE = "pageSize";
  /** The key of the setting that keeps part of the provider's budget unspent. */
  public static final String RATE_LIMIT_RESERVE = "rateLimitReserve";
  /** The key of the setting that bounds a connection's requests in flight. */
  public static final String MAX_CONCURRENT_REQUESTS = "maxConcurrentRequests";

  private CommonSettings() {}

  /** The provider's API base URL, for a self-hosted instance, a region or a fake. */
  public static Setting<java.net.URI> baseUrl(String defaultUrl) {
    return Setting.url(BASE_URL, defaultUrl, "the API base URL, for a fake or another host of the provider's API");
  }

  /** Items per list request, at most the provider's own maximum (the default). */
  public static Setting<Integer> pageSize(int maximum) {
    return Setting.integer(PAGE_SIZE, maximum, 1, maximum, "items per list request");
  }

  /** Requests of the announced budget kept in reserve; the client waits for the reset once the budget falls to it. */
  public static Setting<Integer> rateLimitReserve(int defaultReserve) {
    return Setting.integer(RATE_LIMIT_RESERVE, defaultReserve, 0, Integer.MAX_VALUE,
        "requests of the announced budget kept in reserve; the client waits for the reset at it");
  }

  /** Requests of one connection in flight at once. */
  public static Setting<Integer> maxConcurrentRequests(int defaultValue) {
    return Setting.integer(MAX_CONCURRENT_REQUESTS, defaultValue, 1, 1000, "requests of one connection in flight at once; by default also the works of a run going at once");
  }
}
