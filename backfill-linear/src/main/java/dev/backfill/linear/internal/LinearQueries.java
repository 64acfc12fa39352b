package dev.backfill.linear.internal;

/**
 * The GraphQL documents the connector sends, and what one node of each costs in Linear's
 * complexity points (about 0.1 a field, 1 an object, nested connections multiplied by their
 * {@code first}), used to choose a page size under the per-query cap.
 */
public final class LinearQueries {
  /** The largest {@code first} Linear accepts. */
  public static final int MAX_FIRST = 250;

  public static final String TEAMS = "query BackfillTeams($first: Int!, $after: String, $filter: TeamFilter) {"
      + " teams(first: $first, after: $after, filter: $filter) { nodes { id key name } pageInfo { hasNextPage endCursor } } }";

  public static final String ISSUES = "query BackfillIssues($teamId: String!, $since: DateTimeOrDuration!, $until: DateTimeOrDuration!, $first: Int!, $after: String) {"
      + " team(id: $teamId) { issues(first: $first, after: $after, filter: { updatedAt: { gte: $since, lt: $until } }, orderBy: updatedAt,"
      + " includeArchived: true) { nodes { id identifier number title description priority url createdAt updatedAt archivedAt"
      + " team { id key name } state { id name type } assignee { id name } creator { id } labels(first: 10) { nodes { id name } }"
      + " project { id name } cycle { id number } parent { id } }"
      + " pageInfo { hasNextPage endCursor } } } }";

  public static final String COMMENTS = "query BackfillComments($teamId: ID!, $since: DateTimeOrDuration!, $until: DateTimeOrDuration!, $first: Int!, $after: String) {"
      + " comments(first: $first, after: $after, filter: { updatedAt: { gte: $since, lt: $until }, issue: { team: { id: { eq: $teamId } } } },"
      + " orderBy: updatedAt, includeArchived: true) { nodes { id body createdAt updatedAt url user { id name } issue { id identifier } }"
      + " pageInfo { hasNextPage endCursor } } }";

  public static final String PROJECTS = "query BackfillProjects($teamId: String!, $since: DateTimeOrDuration!, $until: DateTimeOrDuration!, $first: Int!, $after: String) {"
      + " team(id: $teamId) { projects(first: $first, after: $after, filter: { updatedAt: { gte: $since, lt: $until } }, orderBy: updatedAt,"
      + " includeArchived: true) { nodes { id name description status { id name type } url createdAt updatedAt teams(first: 10) { nodes { id } } }"
      + " pageInfo { hasNextPage endCursor } } } }";

  private LinearQueries() {}

  /**
   * Complexity points one node of the entity type's query costs, rounded up: an issue is 2 for
   * itself and its fields, 13 for ten labels, and about 1.2 for each of its seven other objects; a
   * project 2, 1.3 for its status and 12 for ten teams; a comment 4.
   */
  public static int nodeCost(String entityType) {
    switch (entityType) {
      case "issue":
        return 25;
      case "comment":
        return 4;
      default:
        return 15;
    }
  }

  /** The largest page whose cost stays under {@code cap}, at least 1 and at most {@link #MAX_FIRST}. */
  public static int pageSize(String entityType, int cap) {
    return Math.max(1, Math.min(MAX_FIRST, cap / nodeCost(entityType)));
  }
}
