package dev.backfill.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.RangePart;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The suite itself is tested: it passes the example connector (see {@link
 * NotesConnectorConformanceTest}) and must reject connectors with the bugs it exists to catch.
 */
class ConformanceSuiteRejectsBrokenConnectorsTest {
  private static Set<String> failedTests(Class<?> suite) {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute();
    List<Event> failed = results.testEvents().failed().list();
    return failed.stream()
        .map(event -> event.getTestDescriptor().getDisplayName().replace("()", ""))
        .collect(Collectors.toSet());
  }

  @Test
  void rejectsAConnectorThatIgnoresTheWindow() {
    assertThat(failedTests(WindowIgnoringSuite.class))
        .contains("fullRunEmitsExactlyTheExpectedSourceIds", "windowIsRespected");
  }

  @Test
  void rejectsAConnectorThatIgnoresTheEndOfTheRange() {
    assertThat(failedTests(UntilIgnoringSuite.class))
        .contains("aDeeperRerunDeliversExactlyTheOlderPart", "anExplicitRangeDeliversExactlyThatSlice")
        .doesNotContain("fullRunEmitsExactlyTheExpectedSourceIds");
  }

  @Test
  void rejectsAConnectorWhosePartsOverlap() {
    assertThat(failedTests(OverlappingPartsSuite.class))
        .contains("fullRunEmitsExactlyTheExpectedSourceIds", "aRunWithWorksAndPartsSideBySideEmitsEachExpectedSourceIdOnce");
  }

  @Test
  void rejectsAConnectorThatDropsTheLastPage() {
    assertThat(failedTests(LastPageDroppingSuite.class))
        .contains("fullRunEmitsExactlyTheExpectedSourceIds", "serverErrorsAndThrottlesAreRetried");
  }

  @Test
  void rejectsAConnectorThatRestartsFromPageOneOnResume() {
    assertThat(failedTests(ResumeIgnoringSuite.class))
        .contains("resumingAfterEveryPageYieldsTheSameSetWithoutGaps");
  }

  @Test
  void passesTheExampleConnector() {
    assertThat(failedTests(NotesConnectorConformanceTest.class)).isEmpty();
  }

  /** Emits every note, however old. */
  static class WindowIgnoringSuite extends NotesConnectorConformanceTest {
    @Override
    protected BackfillConnector connector() {
      return new NotesConnector() {
        @Override
        protected boolean inWindow(PageRequest request, Instant updatedAt) {
          return true;
        }
      };
    }
  }

  /** Takes every note updated since the start of the range, however new. */
  static class UntilIgnoringSuite extends NotesConnectorConformanceTest {
    @Override
    protected BackfillConnector connector() {
      return new NotesConnector() {
        @Override
        protected boolean inWindow(PageRequest request, Instant updatedAt) {
          return !updatedAt.isBefore(request.window().since());
        }
      };
    }
  }

  /** Offers, on a first page, a part that starts where the page's own next cursor does. */
  static class OverlappingPartsSuite extends NotesConnectorConformanceTest {
    @Override
    protected BackfillConnector connector() {
      return new NotesConnector() {
        @Override
        public Page fetchPage(ConnectorContext context, PageRequest request) {
          Page page = super.fetchPage(context, request);
          return request.maxParts() > 1 && page.nextCursor().isPresent()
              ? Page.builder().from(page).addParts(RangePart.of(request.window(), page.nextCursor().get())).build() : page;
        }
      };
    }
  }

  /** Reports no next page on page 2, losing the rest. */
  static class LastPageDroppingSuite extends NotesConnectorConformanceTest {
    @Override
    protected BackfillConnector connector() {
      return new NotesConnector() {
        @Override
        public Page fetchPage(ConnectorContext context, PageRequest request) {
          Page page = super.fetchPage(context, request);
          return request.pageNumber() == 2 ? Page.builder().from(page).nextCursor(java.util.Optional.empty()).build() : page;
        }
      };
    }
  }

  /**
   * Keeps the next page in a field instead of trusting the request's cursor, so a new instance
   * (a restarted process) starts over at page 1.
   */
  static class ResumeIgnoringSuite extends NotesConnectorConformanceTest {
    @Override
    protected BackfillConnector connector() {
      return new NotesConnector() {
        private final java.util.Map<String, java.util.Optional<dev.backfill.core.spi.PageCursor>> next =
            new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Page fetchPage(ConnectorContext context, PageRequest request) {
          String work = request.resource().id() + "/" + request.entityType();
          PageRequest remembered = PageRequest.builder().from(request)
              .cursor(next.getOrDefault(work, java.util.Optional.empty())).build();
          Page page = super.fetchPage(context, remembered);
          next.put(work, page.nextCursor());
          return page;
        }
      };
    }
  }
}
