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
  /** A commit, by sha. */
  String COMMIT = "commit";
  /** A branch, by name. */
  String BRANCH = "branch";
  /** A pull request. */
  String PULL_REQUEST = "pull_request";
  /** An issue. */
  String ISSUE = "issue";
  /** A deployment. */
  String DEPLOYMENT = "deployment";
  /** A release, by tag. */
  String RELEASE = "release";
  /** A label. */
  String LABEL = "label";
  /** A person assigned. */
  String ASSIGNEE = "assignee";
  /** A person asked to review. */
  String REVIEWER = "reviewer";
  /** A repository. */
  String REPOSITORY = "repository";
  /** A project or team. */
  String PROJECT = "project";

  /** What kind of thing is referenced, for example {@link #COMMIT}. */
  String type();

  /** The provider's id of the referenced thing (a sha, a branch name, {@code #123}). */
  String id();

  /** A link to the referenced thing, when the provider gives one. */
  Optional<String> url();

  /** A reference of {@code type} to {@code id}. */
  static SourceReference of(String type, String id) {
    return ImmutableSourceReference.builder().type(type).id(id).build();
  }

  /** A reference of {@code type} to {@code id}, with a URL to it. */
  static SourceReference of(String type, String id, String url) {
    return ImmutableSourceReference.builder().type(type).id(id).url(Optional.ofNullable(url)).build();
  }
}
