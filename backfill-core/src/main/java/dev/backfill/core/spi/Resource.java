package dev.backfill.core.spi;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * One thing of a connection that is backfilled on its own: a GitHub repository, a Vercel project,
 * a Linear team, a Sentry project. The runner runs one worker per (resource, entity type).
 */
@Value.Immutable
@JsonSerialize(as = ImmutableResource.class)
@JsonDeserialize(as = ImmutableResource.class)
public interface Resource {
  /** The connector's id of the resource, stable across runs (for example {@code acme/api}). */
  String id();

  /** Connector-specific facts the connector needs to page it (a numeric id, a team id). */
  Map<String, String> attributes();

  /** A resource with no attributes. */
  static Resource of(String id) {
    return Resource.builder().id(id).build();
  }

  /** Resources with no attributes, one for each of {@code ids}, in their order. */
  static List<Resource> allOf(List<String> ids) {
    return ids.stream().map(Resource::of).collect(Collectors.toList());
  }

  /** Starts a resource. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Resource}. */
  final class Builder extends ImmutableResource.Builder {}
}
