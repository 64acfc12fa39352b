package dev.backfill.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.http.LinkHeader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeGitHubTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static FakeGitHub fake;

  @BeforeAll
  static void start() {
    fake = FakeGitHub.builder().seed(7).repositories("acme/api").pullRequestsPerRepository(90).issuesPerRepository(70)
        .history(NOW, 120).start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void issuePagesFollowedByLinkGiveEveryIssueAndPullRequestUpdatedSinceNewestCreatedFirst() throws Exception {
    Instant since = NOW.minusSeconds(45L * 86_400);
    List<Long> expected = Stream.concat(
            fake.pullRequests("acme/api").stream().filter(pr -> !pr.updatedAt().isBefore(since))
                .map(pr -> new Created(pr.number(), pr.createdAt())),
            fake.issues("acme/api").stream().filter(issue -> !issue.updatedAt().isBefore(since))
                .map(issue -> new Created(issue.number(), issue.createdAt())))
        .sorted(Comparator.comparing(Created::at).reversed())
        .map(Created::number)
        .collect(Collectors.toList());

    List<Long> served = new ArrayList<>();
    int requests = 0;
    String lastLink = null;
    URI next = URI.create(fake.baseUrl() + "/repos/acme/api/issues?state=all&since=" + since + "&per_page=7");
    while (next != null) {
      HttpResponse<String> response = get(next);
      requests++;
      assertThat(response.statusCode()).isEqualTo(200);
      for (JsonNode item : JSON.readTree(response.body())) {
        served.add(item.path("number").asLong());
      }
      LinkHeader links = LinkHeader.parse(response.headers().firstValue("link").orElse(null));
      if (lastLink == null) {
        lastLink = links.rel("last").map(link -> link.uri().toString()).orElse("");
      }
      next = links.rel("next").map(LinkHeader.Link::uri).orElse(null);
    }

    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(served).containsExactlyElementsOf(expected);
    assertThat(requests).isEqualTo((expected.size() + 6) / 7);
    assertThat(lastLink).endsWith("page=" + requests);
  }

  @Test
  void aSinceAfterEveryUpdateGivesOneEmptyPage() throws Exception {
    HttpResponse<String> response = get(URI.create(fake.baseUrl() + "/repos/acme/api/issues?state=all&since=" + NOW.plusSeconds(60) + "&per_page=100"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).size()).isZero();
    assertThat(response.headers().firstValue("link")).isEmpty();
  }

  @Test
  void slowResponsesStaySlowWhenTheFakeAlsoHasLatency() throws Exception {
    try (FakeGitHub slow = FakeGitHub.builder().latency(Duration.ofMillis(10)).slowResponses(1.0, Duration.ofSeconds(5)).start()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/repos/acme/api/releases"))
          .header("Authorization", "Bearer test").timeout(Duration.ofMillis(500)).build();

      assertThatThrownBy(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
      assertThat(slow.stats().count("slow")).isEqualTo(1);
    }
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer test").build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final class Created {
    private final long number;
    private final Instant at;

    Created(long number, Instant at) {
      this.number = number;
      this.at = at;
    }

    long number() {
      return number;
    }

    Instant at() {
      return at;
    }
  }
}
