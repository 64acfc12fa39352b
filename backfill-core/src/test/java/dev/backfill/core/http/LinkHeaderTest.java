package dev.backfill.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
  @Test
  void readsGitHubNextAndLast() {
    LinkHeader header = LinkHeader.parse(
        "<https://api.github.com/repositories/1/pulls?state=all&page=2>; rel=\"next\", "
            + "<https://api.github.com/repositories/1/pulls?state=all&page=34>; rel=\"last\"");

    assertThat(header.rel("next").orElseThrow().uri().toString())
        .isEqualTo("https://api.github.com/repositories/1/pulls?state=all&page=2");
    assertThat(header.rel("last").orElseThrow().uri().getQuery()).endsWith("page=34");
    assertThat(header.rel("prev")).isEmpty();
  }

  @Test
  void readsSentryResultsAndCursorParameters() {
    LinkHeader header = LinkHeader.parse(
        "<https://sentry.io/api/0/projects/o/p/issues/?cursor=0:0:1>; rel=\"previous\"; results=\"false\"; cursor=\"0:0:1\", "
            + "<https://sentry.io/api/0/projects/o/p/issues/?cursor=0:100:0>; rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"");

    LinkHeader.Link next = header.rel("next").orElseThrow();
    assertThat(next.param("results")).hasValue("true");
    assertThat(next.param("cursor")).hasValue("0:100:0");
    assertThat(header.rel("previous").orElseThrow().param("results")).hasValue("false");
  }

  @Test
  void toleratesUnquotedAndMultipleRels() {
    LinkHeader header = LinkHeader.parse("<https://x.test/a>;rel=next last");

    assertThat(header.rel("last")).isPresent();
    assertThat(header.rel("next")).isPresent();
  }

  @Test
  void skipsEntriesThatAreNotAbsoluteUrls() {
    LinkHeader header = LinkHeader.parse("<not a url>; rel=\"next\", <https://x.test/2>; rel=\"next\"");

    assertThat(header.rel("next").orElseThrow().uri().toString()).isEqualTo("https://x.test/2");
  }

  @Test
  void emptyOrMissingHeaderHasNoLinks() {
    assertThat(LinkHeader.parse(null).links()).isEmpty();
    assertThat(LinkHeader.parse("  ").links()).isEmpty();
  }

  @Property
  void garbageNeverThrows(@ForAll String garbage) {
    LinkHeader header = LinkHeader.parse(garbage);

    assertThat(header.links()).allSatisfy(link -> assertThat(link.uri().isAbsolute()).isTrue());
  }

  @Property
  void nearValidHeadersNeverThrow(@ForAll("fragments") String value) {
    assertThat(LinkHeader.parse(value).links()).isNotNull();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> fragments() {
    return net.jqwik.api.Arbitraries.of("<", ">", ";", ",", "=", "\"", " rel", "next", "https://h.test/p?a=1", " ", "results")
        .list().ofMaxSize(30)
        .map(parts -> String.join("", parts));
  }
}
