package dev.backfill.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.SourceEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {
  private final ObjectMapper mapper = BackfillJson.newMapper();

  @Test
  void writesOneCamelCaseEventPerLineAndAppendsAcrossRuns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, true)) {
      sink.accept(Events.batch(1, "issue:acme/api#1:opened", "issue:acme/api#2:closed"));
    }
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, false)) {
      sink.accept(Events.batch(2, "issue:acme/api#3:opened"));
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(mapper.readValue(lines.get(0), SourceEvent.class)).isEqualTo(Events.event("issue:acme/api#1:opened"));
    assertThat(mapper.readTree(lines.get(2)).get("deliveryId").asText()).isEqualTo("backfill:issue:acme/api#3:opened");
    assertThat(mapper.readTree(lines.get(2)).has("sourceType")).isTrue();
  }

  @Test
  void aPartialLastLineLeftByAKilledWriterIsCutOffBeforeAppending(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, false)) {
      sink.accept(Events.batch(1, "issue:acme/api#1:opened"));
    }
    String whole = Files.readString(file);
    String partial = "x".repeat(9000) + "{\"source\":\"github\",\"sourceId\":\"issue:acme/api#2:op";
    Files.writeString(file, whole + partial);

    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, false)) {
      sink.accept(Events.batch(2, "issue:acme/api#2:opened"));
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(mapper.readValue(lines.get(0), SourceEvent.class)).isEqualTo(Events.event("issue:acme/api#1:opened"));
    assertThat(mapper.readValue(lines.get(1), SourceEvent.class)).isEqualTo(Events.event("issue:acme/api#2:opened"));
  }

  @Test
  void aFileHoldingOnlyPartOfALineIsEmptiedBeforeAppending(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, "{\"source\":\"github\",\"sourceId\"");

    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, false)) {
      sink.accept(Events.batch(1, "issue:acme/api#1:opened"));
    }

    assertThat(Files.readAllLines(file)).singleElement()
        .satisfies(line -> assertThat(mapper.readValue(line, SourceEvent.class)).isEqualTo(Events.event("issue:acme/api#1:opened")));
  }

  @Test
  void aNewEventsFileIsOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, false)) {
      sink.accept(Events.batch(1, "issue:acme/api#1:opened"));
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void eventsAreVisibleOnceAcceptReturns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(file, false)) {
      sink.accept(Events.batch(1, "issue:acme/api#1:opened"));

      assertThat(Files.readAllLines(file)).hasSize(1);
    }
  }

  @Test
  void streamSinkLeavesTheStreamOpen() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        throw new AssertionError("closed a stream the sink does not own");
      }
    };
    try (JsonLinesSink sink = JsonLinesSink.writingTo(out)) {
      sink.accept(Events.batch(1, "a", "b"));
    }

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
  }
}
