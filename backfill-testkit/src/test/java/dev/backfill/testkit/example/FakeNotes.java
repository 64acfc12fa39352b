package dev.backfill.testkit.example;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.spi.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A fake "notes" API for the example connector: projects with notes spread over {@code days}
 * days before {@code now}, served newest-updated first in pages of {@code pageSize} under {@code
 * /api}, generated deterministically from a seed.
 */
public final class FakeNotes {
  static final class Note {
    final String project;
    final int id;
    final String title;
    final String state;
    final Instant updatedAt;

    Note(String project, int id, String title, String state, Instant updatedAt) {
      this.project = project;
      this.id = id;
      this.title = title;
      this.state = state;
      this.updatedAt = updatedAt;
    }

    String sourceId() {
      return "note:" + project + "#" + id + ":" + state;
    }
  }

  private final ObjectMapper mapper = BackfillJson.newMapper();
  private final List<String> projects;
  private final List<Note> notes = new ArrayList<>();
  private final int pageSize;

  public FakeNotes(long seed, List<String> projects, int notesPerProject, int days, Instant now, int pageSize) {
    this.projects = List.copyOf(projects);
    this.pageSize = pageSize;
    Random random = new Random(seed);
    for (String project : projects) {
      for (int id = 1; id <= notesPerProject; id++) {
        Instant updatedAt = now.minus(Duration.ofMinutes(random.nextInt(days * 24 * 60)));
        notes.add(new Note(project, id, "Note " + id + " of " + project, random.nextBoolean() ? "open" : "closed", updatedAt));
      }
    }
  }

  /** The sourceIds of notes updated at or after {@code since}. */
  public Set<String> sourceIdsIn(Window range) {
    Set<String> ids = new HashSet<>();
    for (Note note : notes) {
      if (range.contains(note.updatedAt)) {
        ids.add(note.sourceId());
      }
    }
    return ids;
  }

  /** Registers the fake's stubs on {@code server}. */
  public void install(WireMockServer server) {
    ObjectNode projectList = mapper.createObjectNode();
    ArrayNode projectArray = projectList.putArray("projects");
    projects.forEach(key -> projectArray.addObject().put("key", key));
    server.stubFor(get(urlPathEqualTo("/api/projects")).willReturn(okJson(projectList.toString())));
    for (String project : projects) {
      List<Note> ordered = new ArrayList<>();
      for (Note note : notes) {
        if (note.project.equals(project)) {
          ordered.add(note);
        }
      }
      ordered.sort(Comparator.comparing((Note note) -> note.updatedAt).reversed());
      int pages = Math.max(1, (ordered.size() + pageSize - 1) / pageSize);
      for (int page = 0; page < pages; page++) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("notes");
        for (Note note : ordered.subList(page * pageSize, Math.min(ordered.size(), (page + 1) * pageSize))) {
          ObjectNode item = items.addObject();
          item.put("id", note.id);
          item.put("title", note.title);
          item.put("state", note.state);
          item.put("updatedAt", note.updatedAt.toString());
          item.putObject("author").put("id", "u" + (note.id % 3)).put("name", "user" + (note.id % 3));
        }
        if (page + 1 < pages) {
          body.put("next", Integer.toString(page + 1));
        } else {
          body.putNull("next");
        }
        MappingBuilder request = get(urlPathEqualTo("/api/projects/" + project + "/notes"))
            .withQueryParam("limit", equalTo(Integer.toString(pageSize)))
            .withQueryParam("cursor", page == 0 ? absent() : equalTo(Integer.toString(page)));
        server.stubFor(request.willReturn(okJson(body.toString())
            .withHeader("X-RateLimit-Remaining", "4000")
            .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))));
      }
    }
  }

  int pageSize() {
    return pageSize;
  }
}
