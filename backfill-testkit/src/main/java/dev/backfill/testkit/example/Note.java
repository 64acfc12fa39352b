package dev.backfill.testkit.example;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One state of a note of the example "notes" API, as {@link FakeNotes} serves it and
 * {@link NotesConnector} reads it: rendered as a list item ({@link #toListItem()}) and as the
 * webhook delivery of the same state ({@link #toWebhook()}).
 *
 * @param project the key of the note's project
 * @param id the note's number within its project
 * @param title the note's title
 * @param state {@code open} or {@code closed}
 * @param updatedAt when the note reached this state
 * @param authorId the id of the note's author
 * @param authorName the author's name
 */
public record Note(String project, int id, String title, String state, Instant updatedAt, String authorId, String authorName) {
  /** Checks every component is present. */
  public Note {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(authorId, "authorId");
    Objects.requireNonNull(authorName, "authorName");
  }

  /** Notes of {@code project} updated within the {@code days} days before {@code now}, to the second. */
  public static Arbitrary<Note> arbitrary(String project, Instant now, int days) {
    Arbitrary<Integer> ids = Arbitraries.integers().between(1, 1_000_000);
    Arbitrary<String> titles = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(60)
        .filter(title -> !title.isBlank());
    Arbitrary<String> states = Arbitraries.of("open", "closed");
    Arbitrary<Instant> updated = Arbitraries.longs().between(1, Duration.ofDays(days).toSeconds())
        .map(secondsBefore -> now.minusSeconds(secondsBefore));
    Arbitrary<Integer> authors = Arbitraries.integers().between(0, 9);
    return Combinators.combine(ids, titles, states, updated, authors)
        .as((id, title, state, updatedAt, author) -> new Note(project, id, title, state, updatedAt, "u" + author, "user" + author));
  }

  /** The sourceId of this state: {@code note:{project}#{id}:{state}}. */
  public String sourceId() {
    return "note:" + project + "#" + id + ":" + state;
  }

  /** The note as the list endpoint returns it. */
  public ObjectNode toListItem() {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("id", id);
    item.put("title", title);
    item.put("state", state);
    item.put("updatedAt", updatedAt.toString());
    item.putObject("author").put("id", authorId).put("name", authorName);
    return item;
  }

  /** The webhook body the API sends when the note reaches this state: {@code {"project": ..., "note": ...}}. */
  public ObjectNode toWebhook() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("project", project);
    body.set("note", toListItem());
    return body;
  }
}
