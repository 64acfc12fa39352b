package dev.backfill.core.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** Identifies the checkpoint of one (provider, connection, resource, entity type). */
@Value.Immutable
@JsonSerialize(as = ImmutableCheckpointKey.class)
@JsonDeserialize(as = ImmutableCheckpointKey.class)
public abstract class CheckpointKey {
  CheckpointKey() {}

  /** The provider's id, such as {@code github}. */
  @Value.Parameter
  public abstract String provider();

  /** The host's id of the connection. */
  @Value.Parameter
  public abstract String connectionId();

  /** The resource's id, such as a repository's full name. */
  @Value.Parameter
  public abstract String resourceId();

  /** The entity type. */
  @Value.Parameter
  public abstract String entityType();

  /** The key of one (connection, resource, entity type). */
  public static CheckpointKey of(String provider, String connectionId, String resourceId, String entityType) {
    return ImmutableCheckpointKey.of(provider, connectionId, resourceId, entityType);
  }

  @Override
  public String toString() {
    return provider() + "/" + connectionId() + "/" + resourceId() + "/" + entityType();
  }
}
