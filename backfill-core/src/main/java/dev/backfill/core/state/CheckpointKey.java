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

  @Value.Parameter
  public abstract String provider();

  @Value.Parameter
  public abstract String connectionId();

  @Value.Parameter
  public abstract String resourceId();

  @Value.Parameter
  public abstract String entityType();

  public static CheckpointKey of(String provider, String connectionId, String resourceId, String entityType) {
    return ImmutableCheckpointKey.of(provider, connectionId, resourceId, entityType);
  }

  @Override
  public String toString() {
    return provider() + "/" + connectionId() + "/" + resourceId() + "/" + entityType();
  }
}
