package dev.backfill.core.run;

import dev.backfill.core.state.CheckpointKey;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys the runner sets while it fetches and delivers a page, so a host's log lines
 * from that time (the connector's, the HTTP client's, the sink's) name the page they belong to;
 * the runner removes them after the page. A logging pattern reads them as, for example,
 * {@code %X{backfill.provider}}.
 */
public final class BackfillMdc {
  /** The provider's name, as in {@link CheckpointKey#provider()}. */
  public static final String PROVIDER = "backfill.provider";
  /** The connection's id. */
  public static final String CONNECTION = "backfill.connection";
  /** The resource's id (a repository, a project, an organization). */
  public static final String RESOURCE = "backfill.resource";
  /** The entity type being fetched. */
  public static final String ENTITY_TYPE = "backfill.entityType";
  /** The page's number within its work, from 1. */
  public static final String PAGE = "backfill.page";

  private BackfillMdc() {}

  /** Sets the keys for page {@code pageNumber} of {@code key}'s work until the returned scope closes. */
  static Scope page(CheckpointKey key, long pageNumber) {
    MDC.put(PROVIDER, key.provider());
    MDC.put(CONNECTION, key.connectionId());
    MDC.put(RESOURCE, key.resourceId());
    MDC.put(ENTITY_TYPE, key.entityType());
    MDC.put(PAGE, Long.toString(pageNumber));
    return new Scope();
  }

  /** Removes the keys when closed. */
  static final class Scope implements AutoCloseable {
    @Override
    public void close() {
      MDC.remove(PROVIDER);
      MDC.remove(CONNECTION);
      MDC.remove(RESOURCE);
      MDC.remove(ENTITY_TYPE);
      MDC.remove(PAGE);
    }
  }
}
