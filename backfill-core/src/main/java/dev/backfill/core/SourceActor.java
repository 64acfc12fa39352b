package dev.backfill.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** The person or bot an event is attributed to, as the provider identifies them. */
@Value.Immutable
@JsonSerialize(as = ImmutableSourceActor.class)
@JsonDeserialize(as = ImmutableSourceActor.class)
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public interface SourceActor {
  /** The provider's stable id of the actor (a user id or login). */
  String id();

  /** A display name. */
  String name();

  /** The actor's email, when the provider gave it. */
  Optional<String> email();

  /** The URL of the actor's avatar, when the provider gave it. */
  Optional<String> avatarUrl();

  /** An actor known only by id and name. */
  static SourceActor of(String id, String name) {
    return SourceActor.builder().id(id).name(name).build();
  }

  /** Starts an actor. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SourceActor}. */
  final class Builder extends ImmutableSourceActor.Builder {}
}
