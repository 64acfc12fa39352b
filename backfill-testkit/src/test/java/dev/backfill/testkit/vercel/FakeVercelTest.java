package dev.backfill.testkit.vercel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeVercelTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static FakeVercel fake;

  @BeforeAll
  static void start() {
    fake = FakeVercel.builder().seed(11).projects(3).deploymentsPerProject(60).history(NOW, 120).start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void pagingWithNextAsUntilGivesAProjectsDeploymentsSinceTheWindowNewestFirst() throws Exception {
    String project = fake.projects().keySet().iterator().next();
    Instant since = NOW.minusSeconds(60L * 86_400);
    List<String> expected = fake.deployments(project).stream().filter(d -> !d.created().isBefore(since))
        .map(VercelDeployment::uid).collect(Collectors.toList());

    List<String> served = page("projectId=" + project + "&since=" + since.toEpochMilli());

    assertThat(expected).hasSizeGreaterThan(14);
    assertThat(served).containsExactlyElementsOf(expected);
  }

  @Test
  void withoutAProjectEveryProjectsDeploymentsComeNewestFirst() throws Exception {
    List<String> expected = fake.projects().keySet().stream().flatMap(id -> fake.deployments(id).stream())
        .sorted(Comparator.comparing(VercelDeployment::created).reversed())
        .map(VercelDeployment::uid).collect(Collectors.toList());

    assertThat(page("since=0")).containsExactlyElementsOf(expected);
  }

  @Test
  void untilExcludesTheDeploymentCreatedAtThatInstant() throws Exception {
    String project = fake.projects().keySet().iterator().next();
    List<VercelDeployment> all = fake.deployments(project);
    long until = all.get(4).created().toEpochMilli();

    JsonNode body = get("projectId=" + project + "&until=" + until + "&limit=3");

    List<String> uids = new ArrayList<>();
    body.path("deployments").forEach(deployment -> uids.add(deployment.path("uid").asText()));
    assertThat(uids).containsExactly(all.get(5).uid(), all.get(6).uid(), all.get(7).uid());
    assertThat(body.path("pagination").path("next").asLong()).isEqualTo(all.get(7).created().toEpochMilli());
  }

  /** Follows {@code pagination.next} as {@code until}, 7 at a time, and checks the request count is the minimum. */
  private static List<String> page(String query) throws Exception {
    List<String> served = new ArrayList<>();
    int requests = 0;
    String until = "";
    while (true) {
      JsonNode body = get(query + "&limit=7" + until);
      requests++;
      body.path("deployments").forEach(deployment -> served.add(deployment.path("uid").asText()));
      JsonNode next = body.path("pagination").path("next");
      if (next.isNull()) {
        break;
      }
      until = "&until=" + next.asLong();
    }
    assertThat(requests).isEqualTo(Math.max(1, (served.size() + 6) / 7));
    return served;
  }

  private static JsonNode get(String query) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v6/deployments?" + query))
        .header("Authorization", "Bearer test").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
