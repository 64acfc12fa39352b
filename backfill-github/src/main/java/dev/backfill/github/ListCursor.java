package dev.backfill.github;

import dev.backfill.core.error.InvalidCursorException;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.github.internal.GitHubTransformer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where a GitHub list goes on: the absolute URL of the next page, and for an issue range paged
 * oldest first by {@code since}, the numbers already delivered at that {@code since} (GitHub's
 * {@code since} is inclusive, so they are listed again). Stored as the URL, followed by {@code
 * " seen=1,2"} when there are such numbers.
 */
final class ListCursor {
  private static final String SEEN = " seen=";

  final URI url;
  final Set<Long> seen;

  ListCursor(URI url, Set<Long> seen) {
    this.url = url;
    this.seen = Set.copyOf(seen);
  }

  static ListCursor parse(PageCursor cursor) {
    String value = cursor.value();
    int split = value.indexOf(SEEN);
    Set<Long> seen = new TreeSet<>();
    if (split >= 0) {
      try {
        for (String number : value.substring(split + SEEN.length()).split(",")) {
          seen.add(Long.parseLong(number));
        }
      } catch (NumberFormatException malformed) {
        throw new InvalidCursorException(GitHubTransformer.SOURCE, "its seen numbers are not numbers");
      }
      value = value.substring(0, split);
    }
    return new ListCursor(url(value), seen);
  }

  PageCursor toCursor() {
    return PageCursor.of(seen.isEmpty() ? url.toString()
        : url + SEEN + new TreeSet<>(seen).stream().map(String::valueOf).collect(Collectors.joining(",")));
  }

  private static URI url(String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() || uri.getHost() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
        throw new InvalidCursorException(GitHubTransformer.SOURCE, "not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException malformed) {
      throw new InvalidCursorException(GitHubTransformer.SOURCE, "not a URL (" + malformed.getReason() + ")");
    }
  }
}
