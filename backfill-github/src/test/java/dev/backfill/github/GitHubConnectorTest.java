package dev.backfill.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillEstimate;
import dev.backfill.core.run.BackfillListener;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CommonSettings;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.github.FakeGitHub;
import dev.backfill.testkit.github.GitHubIssue;
import dev.backfill.testkit.github.GitHubPullRequest;
import dev.backfill.testkit.github.GitHubRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final List<String> ALL = List.of("pull_request", "issue", "release");
  private FakeGitHub fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static HttpSettings fast() {
    return HttpSettings.builder()
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(20))
        .maxAttempts(6)
        .maxRateLimitWait(Duration.ofSeconds(10))
        .maxThrottleWaits(30)
        .requestTimeout(Duration.ofSeconds(2))
        .build();
  }

  private static Backfill backfill() {
    return Backfill.builder()
        .connectors(Connectors.of(new GitHubConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(fast())
        .build();
  }

  private BackfillRequest.Builder request(String... settings) {
    BackfillRequest.Builder builder = BackfillRequest.builder()
        .provider("github")
        .connectionId("conn")
        .credentials(CredentialProvider.staticToken("personal-token-for-tests"))
        .putSettings(GitHubConnector.BASE_URL.key(), fake.baseUrl())
        .depth(Depth.DAYS_90);
    for (int i = 0; i < settings.length; i += 2) {
      builder.putSettings(settings[i], settings[i + 1]);
    }
    return builder;
  }

  private static Set<String> sourceIds(InMemorySink sink) {
    return sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  private Set<String> expected(List<String> entityTypes) {
    return fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW), entityTypes);
  }

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(Connectors.load().get("github")).isInstanceOf(GitHubConnector.class);
  }

  @Test
  void installationRepositoriesAreWorkedMostRecentlyPushedFirst() {
    fake = FakeGitHub.builder().seed(3).repositories("acme/a", "acme/b", "acme/c", "acme/d")
        .pullRequestsPerRepository(5).issuesPerRepository(5).releasesPerRepository(1).history(NOW, 120).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().addEntityTypes("issue").concurrency(1).build(), sink);

    List<String> pushedFirst = fake.repositories().stream()
        .sorted(Comparator.comparing(GitHubRepository::pushedAt).reversed())
        .map(GitHubRepository::fullName).collect(Collectors.toList());
    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactlyElementsOf(pushedFirst);
    assertThat(sourceIds(sink)).isEqualTo(expected(List.of("issue")));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void fullRunEmitsTheExpectedSetWithinTheMinimumRequests(int maxConcurrentRequests) {
    fake = FakeGitHub.builder().seed(11).repositories("acme/api")
        .pullRequestsPerRepository(350).issuesPerRepository(150).releasesPerRepository(30).history(NOW, 120).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api",
        CommonSettings.MAX_CONCURRENT_REQUESTS, String.valueOf(maxConcurrentRequests)).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(ALL));
    assertThat(sink.events()).hasSize(expected(ALL).size());
    Instant since = NOW.minus(Duration.ofDays(90));
    long prsInWindow = fake.pullRequests("acme/api").stream().filter(pr -> !pr.updatedAt().isBefore(since)).count();
    long issueItems = fake.pullRequests("acme/api").stream().filter(pr -> !pr.updatedAt().isBefore(since)).count()
        + fake.issues("acme/api").stream().filter(issue -> !issue.updatedAt().isBefore(since)).count();
    for (WorkResult work : result.works()) {
      long minimum;
      switch (work.key().entityType()) {
        case "pull_request":
          minimum = (prsInWindow + 99) / 100;
          break;
        case "issue":
          minimum = (issueItems + 99) / 100;
          break;
        default:
          minimum = 1;
      }
      long pastBoundaries = Math.min(maxConcurrentRequests, minimum) - 1;
      assertThat(work.runCounts().requests()).as("%s: the minimum, one page past the cutoff and one past each boundary"
          + " between parts", work.key()).isBetween(minimum, minimum + 1 + pastBoundaries);
    }
  }

  @Test
  void pullRequestDetailsAreFetchedOnlyWhenAsked() {
    fake = FakeGitHub.builder().seed(5).pullRequestsPerRepository(30).issuesPerRepository(0).releasesPerRepository(0).history(NOW, 120).start();
    InMemorySink plain = new InMemorySink();
    InMemorySink enriched = new InMemorySink();

    BackfillResult without = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api").addEntityTypes("pull_request").build(), plain);
    BackfillResult with = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PULL_REQUEST_DETAILS.key(), "true")
        .addEntityTypes("pull_request").build(), enriched);

    assertThat(plain.events()).isNotEmpty().allSatisfy(event -> {
      assertThat(event.metadata().has("additions")).isFalse();
      assertThat(event.metadata().has("changedFiles")).isFalse();
    });
    Map<Long, GitHubPullRequest> byNumber = fake.pullRequests("acme/api").stream()
        .collect(Collectors.toMap(GitHubPullRequest::number, pr -> pr));
    assertThat(enriched.events()).hasSameSizeAs(plain.events()).allSatisfy(event -> {
      GitHubPullRequest pr = byNumber.get(event.metadata().get("number").asLong());
      assertThat(event.metadata().get("additions").asInt()).isEqualTo(pr.additions());
      assertThat(event.metadata().get("changedFiles").asInt()).isEqualTo(pr.changedFiles());
    });
    long sentWith = with.runTotals().requests() - with.runTotals().retries();
    long sentWithout = without.runTotals().requests() - without.runTotals().retries();
    assertThat(sentWith - sentWithout).as("one detail request per pull request").isEqualTo(enriched.events().size());
  }

  @Test
  void enterpriseServerBaseUrlWithApiV3Works() {
    fake = FakeGitHub.builder().seed(9).pullRequestsPerRepository(40).issuesPerRepository(20).releasesPerRepository(3).history(NOW, 120).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "10")
        .putSettings(GitHubConnector.BASE_URL.key(), fake.baseUrl() + "/api/v3").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(ALL));
    assertThat(result.runTotals().pages()).isGreaterThan(3);
  }

  @Test
  void deletedRepositoryEndsThatResourceWithATypedErrorWithoutRetries() {
    fake = FakeGitHub.builder().seed(2).pullRequestsPerRepository(5).issuesPerRepository(5).releasesPerRepository(1).history(NOW, 120).start();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api,acme/deleted").build(), new InMemorySink());

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works()).filteredOn(work -> work.key().resourceId().equals("acme/deleted")).hasSize(3).allSatisfy(work -> {
      assertThat(work.error().orElseThrow()).isInstanceOfSatisfying(ProviderApiException.class, e -> assertThat(e.status()).hasValue(404));
      assertThat(work.runCounts().requests()).isEqualTo(1);
    });
    assertThat(result.works()).filteredOn(work -> work.key().resourceId().equals("acme/api")).allMatch(WorkResult::success);
  }

  @Test
  void malformedItemIsSkippedAndReportedWhileTheRestOfThePageIsDelivered() {
    fake = FakeGitHub.builder().seed(2).pullRequestsPerRepository(0).issuesPerRepository(0).releasesPerRepository(0).history(NOW, 120).start();
    ArrayNode page = JsonNodeFactory.instance.arrayNode();
    ObjectNode good = page.addObject();
    good.put("number", 1).put("title", "Good").put("state", "open").put("created_at", "2026-11-20T00:00:00Z")
        .put("updated_at", "2026-11-21T00:00:00Z").putObject("user").put("login", "octocat").put("id", 1);
    ObjectNode stateless = page.addObject();
    stateless.put("number", 2).put("title", "No state").put("created_at", "2026-11-20T00:00:00Z")
        .put("updated_at", "2026-11-21T00:00:00Z").putObject("user").put("login", "octocat").put("id", 1);
    ObjectNode badDate = page.addObject();
    badDate.put("number", 3).put("state", "open").put("updated_at", "yesterday");
    fake.override(FakeRequest.to("GET", "/repos/acme/api/issues"), request -> FakeResponse.json(200, page.toString()));
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api").addEntityTypes("issue").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).containsExactly("issue:acme/api#1:opened");
    WorkResult work = result.works().get(0);
    assertThat(work.runCounts().skipped()).isEqualTo(2);
    assertThat(work.skippedItems()).extracting(item -> item.itemId() + ": " + item.reason()).containsExactly(
        "acme/api#2: field 'state' is missing or not a non-empty string",
        "acme/api#3: field 'updated_at' is not an ISO-8601 instant: 'yesterday'");
  }

  private static ObjectNode issue(ArrayNode page, long number, String updatedAt) {
    ObjectNode item = page.addObject();
    item.put("number", number).put("title", "Issue " + number).put("state", "open").put("created_at", "2026-10-01T00:00:00Z")
        .put("updated_at", updatedAt).putObject("user").put("login", "octocat").put("id", 1);
    return item;
  }

  private void stubIssues(String since, int page, String next, ArrayNode items) {
    Predicate<FakeRequest> issues = FakeRequest.to("GET", "/repos/acme/api/issues");
    Predicate<FakeRequest> thisPage = issues.and(request -> request.query("sort").equals(Optional.of("updated"))
        && request.query("direction").equals(Optional.of("asc")) && request.query("since").equals(Optional.of(since))
        && request.query("page").equals(page == 1 ? Optional.empty() : Optional.of(Integer.toString(page))));
    fake.override(thisPage, request -> {
      FakeResponse response = FakeResponse.json(200, items.toString());
      if (next != null) {
        response.withHeader("Link", "<" + fake.baseUrl() + "/repos/acme/api/issues?state=all&sort=updated&direction=asc&since="
            + since + "&per_page=3&" + next + ">; rel=\"next\"");
      }
      return response;
    });
  }

  @Test
  void issuesOfAHistoricalRangeArePagedOldestFirstBySinceAndEachIsDeliveredOnce() {
    fake = FakeGitHub.builder().seed(2).pullRequestsPerRepository(0).issuesPerRepository(0).releasesPerRepository(0).history(NOW, 120).start();
    String since = "2026-10-01T00:00:00Z";
    String t2 = "2026-10-05T00:00:00Z";
    ArrayNode first = JsonNodeFactory.instance.arrayNode();
    issue(first, 1, "2026-10-02T00:00:00Z");
    issue(first, 2, t2);
    issue(first, 3, t2);
    stubIssues(since, 1, "page=2", first);
    ArrayNode sameSecond = JsonNodeFactory.instance.arrayNode();
    issue(sameSecond, 2, t2);
    issue(sameSecond, 3, t2);
    issue(sameSecond, 4, t2);
    stubIssues(t2, 1, "page=2", sameSecond);
    ArrayNode last = JsonNodeFactory.instance.arrayNode();
    issue(last, 5, "2026-10-06T00:00:00Z").putObject("pull_request").put("url", "https://api.github.com/repos/acme/api/pulls/5");
    issue(last, 6, "2026-10-07T00:00:00Z");
    issue(last, 7, "2026-10-10T00:00:00Z");
    stubIssues(t2, 2, "page=3", last);
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "3")
        .addEntityTypes("issue").since(Instant.parse(since)).until(Instant.parse("2026-10-10T00:00:00Z")).build(), sink);

    assertThat(result.status()).as(result.toString()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sink.events()).extracting(SourceEvent::sourceId).containsExactly(
        "issue:acme/api#1:opened", "issue:acme/api#2:opened", "issue:acme/api#3:opened", "issue:acme/api#4:opened",
        "issue:acme/api#6:opened");
    assertThat(result.works().get(0).runCounts().requests()).as("stops at the first issue updated at the range's end").isEqualTo(3);
  }

  @Test
  void itemsUpdatedOrCreatedWhilePartsAreFetchedMayComeTwiceButNoneIsLost() {
    Clock providerTime = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
    // GitHub stamps a response's Date when it sends it, which may be seconds after it read the
    // items: changes made in between are in neither that page nor after its Date.
    fake = FakeGitHub.builder().seed(41).pullRequestsPerRepository(300).issuesPerRepository(200).releasesPerRepository(0)
        .history(NOW, 120).latency(Duration.ofMillis(5)).clock(Clock.offset(providerTime, Duration.ofSeconds(3))).start();
    List<GitHubPullRequest> prs = fake.pullRequests("acme/api");
    List<GitHubIssue> issues = fake.issues("acme/api");
    Set<String> before = expected(List.of("pull_request", "issue"));
    List<GitHubPullRequest> updated = prs.stream().filter(pr -> pr.updatedAt().isAfter(NOW.minus(Duration.ofDays(80))))
        .sorted(Comparator.comparing(GitHubPullRequest::updatedAt)).limit(6).collect(Collectors.toList());
    AtomicInteger pages = new AtomicInteger();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().start(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "10")
        .addEntityTypes("pull_request", "issue").build(), sink, new BackfillListener() {
          @Override
          public void pageFetched(CheckpointKey key, long pageNumber, int itemsSeen, OptionalLong estimatedTotalPages) {
            int page = pages.incrementAndGet();
            if (page % 6 == 3) {
              int round = page / 6;
              Instant at = providerTime.instant();
              if (round < updated.size()) {
                fake.putPullRequest("acme/api", GitHubPullRequest.builder().from(updated.get(round)).updatedAt(at).build());
              }
              fake.putPullRequest("acme/api", GitHubPullRequest.builder().from(prs.get(0)).number(10_000 + round).createdAt(at).updatedAt(at).build());
              fake.putIssue("acme/api", GitHubIssue.builder().from(issues.get(0)).number(20_000 + round).createdAt(at).updatedAt(at).build());
            }
          }
        }).await();

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(pages.get()).as("the run fetched enough pages for every change").isGreaterThan(6 * updated.size());
    Set<Long> changed = updated.stream().map(GitHubPullRequest::number).collect(Collectors.toSet());
    Set<String> unchanged = before.stream().filter(id -> changed.stream().noneMatch(number -> id.startsWith("pr:acme/api#" + number + ":")))
        .collect(Collectors.toSet());
    // Changes carry the provider's time, after the run began, so they fall after the range; what
    // must not happen is that they push an unchanged item across a boundary between parts unseen.
    assertThat(sourceIds(sink)).as("every item that did not change is delivered").containsAll(unchanged);
  }

  @Test
  void aPartWhoseFirstPageListsOnlyPullRequestsIsMetByItemNumbers() throws Exception {
    Clock providerTime = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
    fake = FakeGitHub.builder().seed(5).pullRequestsPerRepository(1).issuesPerRepository(1).releasesPerRepository(0)
        .history(NOW.minus(Duration.ofDays(100)), 1).latency(Duration.ofMillis(5)).clock(providerTime).start();
    GitHubPullRequest pullRequest = fake.pullRequests("acme/api").get(0);
    GitHubIssue issue = fake.issues("acme/api").get(0);
    // 60 items newest first, 10 a page: the list splits into pages 2-3, 4-5 and 6 on, and page 4
    // (items 30 to 39) holds pull requests only, which the issue stream delivers nothing of.
    for (int index = 0; index < 60; index++) {
      Instant created = NOW.minus(Duration.ofHours(index + 1));
      if (index >= 30 && index < 40) {
        fake.putPullRequest("acme/api", GitHubPullRequest.builder().from(pullRequest).number(1000 + index).createdAt(created).updatedAt(created).build());
      } else {
        fake.putIssue("acme/api", GitHubIssue.builder().from(issue).number(1000 + index).createdAt(created).updatedAt(created).build());
      }
    }
    Set<String> before = expected(List.of("issue"));
    CountDownLatch page5Asked = new CountDownLatch(1);
    AtomicBoolean inserted = new AtomicBoolean();
    // Page 3 is answered only after page 5 was, and after 11 issues were created ahead of all:
    // items 19 to 29 move to pages 4 and 5, which the second part has read already.
    fake.override(request -> {
      Optional<String> page = request.query("page").filter(unused -> request.path().endsWith("/issues"));
      if (page.filter("5"::equals).isPresent()) {
        page5Asked.countDown();
      } else if (page.filter("3"::equals).isPresent() && inserted.compareAndSet(false, true)) {
        awaitQuietly(page5Asked);
        for (int created = 0; created < 11; created++) {
          Instant at = providerTime.instant();
          fake.putIssue("acme/api", GitHubIssue.builder().from(issue).number(3000 + created).createdAt(at).updatedAt(at).build());
        }
      }
      return false;
    }, request -> null);
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "10")
        .addEntityTypes("issue").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(fake.requests().stream().filter(request -> request.query("page").filter("3"::equals).isPresent()))
        .as("page 3 was asked for").isNotEmpty();
    assertThat(sourceIds(sink)).as("the issues pushed past the first page of a part that holds only pull requests")
        .containsAll(before);
  }

  /** Waits for {@code latch}, at most long enough for a part to ask for its next page. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
      Thread.sleep(200);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void withNothingChangedWhileThePartsRanOneCheckClosesEachSplitList() {
    fake = FakeGitHub.builder().seed(41).pullRequestsPerRepository(300).issuesPerRepository(200).releasesPerRepository(0)
        .history(NOW, 120).latency(Duration.ofMillis(5))
        .clock(Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW.plusSeconds(12)))).start();
    BackfillResult oneAtATime = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "10",
        GitHubConnector.MAX_CONCURRENT_REQUESTS.key(), "1").connectionId("one-at-a-time").addEntityTypes("pull_request", "issue").build(),
        new InMemorySink());
    InMemorySink sink = new InMemorySink();

    BackfillResult split = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "10")
        .addEntityTypes("pull_request", "issue").build(), sink);

    assertThat(split.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(List.of("pull_request", "issue")));
    assertThat(split.works()).extracting(work -> work.key().entityType()).containsExactly("pull_request", "issue");
    long pullRequests = oneAtATime.works().get(0).runCounts().requests();
    assertThat(split.works().get(0).runCounts().requests()).as("pull requests: the pages one at a time, up to 3 read ahead past"
        + " the cutoff, and the check").isBetween(pullRequests + 1, pullRequests + 1 + 3);
    assertThat(split.works().get(1).runCounts().requests()).as("issues: the pages one at a time, and the check")
        .isEqualTo(oneAtATime.works().get(1).runCounts().requests() + 1);
  }

  @Test
  void faultsStillYieldExactlyTheExpectedSet() {
    fake = FakeGitHub.builder().seed(13).repositories("acme/api", "acme/web")
        .pullRequestsPerRepository(60).issuesPerRepository(40).releasesPerRepository(6).history(NOW, 120)
        .faults(0.05, 0.05, 0.05).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.PAGE_SIZE.key(), "10", GitHubConnector.REPOSITORIES.key(), "acme/api,acme/web").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(ALL));
    long injected = fake.stats().count("server-error") + fake.stats().count("truncated");
    assertThat(injected).isPositive();
    assertThat(result.runTotals().retries()).isEqualTo(injected);
    assertThat(result.runTotals().rateLimitWaits()).isEqualTo(fake.stats().count("throttled"));
  }

  @Test
  void smallBudgetWaitsForTheResetInsteadOfHittingTheLimit() {
    fake = FakeGitHub.builder().seed(17).pullRequestsPerRepository(40).issuesPerRepository(20).releasesPerRepository(4)
        .history(NOW, 120).rateLimit(12, Duration.ofSeconds(1)).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "5",
        GitHubConnector.RATE_LIMIT_RESERVE.key(), "4").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(ALL));
    assertThat(fake.stats().count("budget-spent")).isZero();
    assertThat(result.runTotals().rateLimitWaits()).isPositive();
  }

  @Test
  void underASecondaryLimitOfTwoRequestsInFlightTheConnectionLearnsTheLimitAfterFewRefusals() {
    fake = FakeGitHub.builder().seed(19).pullRequestsPerRepository(200).issuesPerRepository(200).releasesPerRepository(10)
        .history(NOW, 120).latency(Duration.ofMillis(10)).concurrencyLimit(2).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.REPOSITORIES.key(), "acme/api", GitHubConnector.PAGE_SIZE.key(), "20")
        .build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(ALL));
    assertThat(result.runTotals().pages()).as("enough pages to split").isGreaterThan(10);
    // The connection starts at two of its four and sends one request at a time beyond that as a
    // probe; the provider refuses the probe and the connection stays at the two it let through.
    // Under load a probe can be let through while a request it overlapped had already ended at
    // the provider; the limit rises only after a second probe succeeds too, so that takes two
    // such false proofs in a row, after which requests sent at three before the first refusal
    // came back would be refused as well. Without the lowering, every third request of a page
    // run side by side would be refused.
    assertThat(fake.stats().count("too-many-in-flight")).as("403s for a request in flight past the second")
        .isLessThanOrEqualTo(4 - 1);
  }

  @Test
  void appInstallationRunRefreshesAnExpiredToken() {
    fake = FakeGitHub.builder().seed(21).pullRequestsPerRepository(40).issuesPerRepository(20).releasesPerRepository(3)
        .history(NOW, 120).installationId(77).tokenLifetimeRequests(4).start();
    GitHubAppCredentials app = GitHubAppCredentials.builder().appId("12345").installationId(77).privateKeyPem(TestKeys.pkcs1Pem())
        .apiBase(URI.create(fake.baseUrl())).build();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(GitHubConnector.PAGE_SIZE.key(), "10").credentials(app).concurrency(1).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected(ALL));
    assertThat(fake.stats().count("expired-token")).isPositive();
    assertThat(result.runTotals().credentialRefreshes()).as("requests side by side refused the same token refresh it once")
        .isPositive().isLessThanOrEqualTo(fake.stats().count("expired-token"));
    assertThat(fake.stats().count("token")).as("one exchange at the start, at most one per refresh after")
        .isBetween(2L, result.runTotals().credentialRefreshes() + 1);
  }

  @Test
  void estimateCountsPagesFromTheLastLink() {
    fake = FakeGitHub.builder().seed(23).pullRequestsPerRepository(250).issuesPerRepository(0).releasesPerRepository(7).history(NOW, 120).start();

    BackfillEstimate estimate = backfill().estimate(request(GitHubConnector.REPOSITORIES.key(), "acme/api").addEntityTypes("pull_request", "release").build());

    assertThat(estimate.works()).extracting(work -> work.pages().orElseThrow().pages()).containsExactly(3L, 1L);
    assertThat(estimate.estimatedRequests()).isEqualTo(4);
    assertThat(estimate.requestsUsed()).isEqualTo(2);
    assertThat(estimate.remainingBudget()).hasValue(4998);
    assertThat(estimate.fitsRemainingBudget()).hasValue(true);
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    fake = FakeGitHub.builder().pullRequestsPerRepository(0).issuesPerRepository(0).releasesPerRepository(0).start();

    assertThatThrownBy(() -> backfill().start(request(GitHubConnector.REPOSITORIES.key(), "not a repo").build(), new InMemorySink()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'repositories'");
    assertThatThrownBy(() -> backfill().start(request(GitHubConnector.PAGE_SIZE.key(), "500").build(), new InMemorySink()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pageSize'");
  }

  @Test
  void aRateLimit403IsAThrottleAndAnyOther403IsNot() {
    java.util.function.BiFunction<java.util.Map<String, java.util.List<String>>, String, dev.backfill.core.http.ResponseStage.Verdict> judge =
        (headers, body) -> GitHubConnector.rateLimitForbidden(403, java.net.http.HttpHeaders.of(headers, (name, value) -> true), body,
            max -> { });
    var throttled = dev.backfill.core.http.ResponseStage.Verdict.THROTTLED;

    assertThat(judge.apply(java.util.Map.of("retry-after", java.util.List.of("5")), "{}")).isEqualTo(throttled);
    assertThat(judge.apply(java.util.Map.of("x-ratelimit-remaining", java.util.List.of("0")), "{}")).isEqualTo(throttled);
    assertThat(judge.apply(java.util.Map.of(), "{\"message\":\"You have exceeded a secondary rate limit.\"}")).isEqualTo(throttled);
    assertThat(judge.apply(java.util.Map.of(), "{\"message\":\"Resource not accessible by integration\"}"))
        .isEqualTo(dev.backfill.core.http.ResponseStage.Verdict.AS_IS);
    assertThat(GitHubConnector.rateLimitForbidden(500, java.net.http.HttpHeaders.of(java.util.Map.of("retry-after",
        java.util.List.of("5")), (name, value) -> true), "", max -> { })).isEqualTo(dev.backfill.core.http.ResponseStage.Verdict.AS_IS);
  }
}
