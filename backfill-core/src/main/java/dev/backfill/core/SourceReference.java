package dev.backfill.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Something an event points at: a commit, branch, pull request, issue, deployment, release, label,
 * assignee, reviewer and so on. The {@code type} is a lower-case noun; the constants here are the
 * ones the bundled connectors use.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableSourceReference.class)
@JsonDeserialize(as = ImmutableSourceReference.class)
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public interface SourceReference {
  String COMMIT = "commit";
  String BRANCH = "branch";
  String PULL_REQUEST = "pull_request";
  String ISSUE = "issue";
  String DEPLOYMENT = "deployment";
  String RELEASE = "release";
  String LABEL = "label";
  String ASSIGNEE = "assignee";
  String REVIEWER = "reviewer";
  String REPOSITORY = "repository";
  String PROJECT = "project";

  /** What kind of thing is referenced, for example {@link #COMMIT}. */
  String type();

  /** The provider's id of the referenced thing (a sha, a branch name, {@code #123}). */
  String id();

  /** A link to the referenced thing, when the provider gives one. */
  Optional<String> url();

  static SourceReference of(String type, String id) {
    return ImmutableSourceReference.builder().type(type).id(id).build();
  }

  static SourceReference of(String type, String id, String url) {
    return ImmutableSourceReference.builder().type(type).id(id).url(Optional.ofNullable(url)).build();
  }
}
