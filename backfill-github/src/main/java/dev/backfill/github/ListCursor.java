package dev.backfill.github;

import dev.backfill.core.error.InvalidCursorException;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.github.internal.GitHubTransformer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a GitHub list goes on: the absolute URL of the next page; for a part of a split list, the
 * last page of that part ({@code through}; pages past it are read only to meet the next part) and
 * whether the page is the first of a part ({@code shared}); and for an issue range paged oldest
 * first by {@code since}, the numbers already delivered at that {@code since} (GitHub's {@code
 * since} is inclusive, so they are listed again). Stored as the URL, followed by {@code
 * " through=9"}, {@code " shared"} and {@code " seen=1,2"} when there are such.
 */
final class ListCursor {
  private static final String THROUGH = " through=";
  private static final String SHARED = " shared";
  private static final String SEEN = " seen=";
  private static final Pattern PAGE = Pattern.compile("([?&])page=(\\d+)");

  final URI url;
  final OptionalInt through;
  final boolean shared;
  final Set<Long> seen;

  ListCursor(URI url, OptionalInt through, boolean shared, Set<Long> seen) {
    this.url = url;
    this.through = through;
    this.shared = shared;
    this.seen = Set.copyOf(seen);
  }

  /** The first page of a list, or the next page of a list not split. */
  static ListCursor of(URI url, Set<Long> seen) {
    return new ListCursor(url, OptionalInt.empty(), false, seen);
  }

  static ListCursor parse(PageCursor cursor) {
    String value = cursor.value();
    Set<Long> seen = new TreeSet<>();
    int seenAt = value.indexOf(SEEN);
    if (seenAt >= 0) {
      for (String number : value.substring(seenAt + SEEN.length()).split(",")) {
        seen.add(number(number, "its seen numbers are not numbers"));
      }
      value = value.substring(0, seenAt);
    }
    boolean shared = value.endsWith(SHARED);
    if (shared) {
      value = value.substring(0, value.length() - SHARED.length());
    }
    OptionalInt through = OptionalInt.empty();
    int throughAt = value.indexOf(THROUGH);
    if (throughAt >= 0) {
      through = OptionalInt.of((int) number(value.substring(throughAt + THROUGH.length()), "its last page is not a number"));
      value = value.substring(0, throughAt);
    }
    return new ListCursor(url(value), through, shared, seen);
  }

  PageCursor toCursor() {
    StringBuilder value = new StringBuilder(url.toString());
    through.ifPresent(last -> value.append(THROUGH).append(last));
    if (shared) {
      value.append(SHARED);
    }
    if (!seen.isEmpty()) {
      value.append(SEEN).append(new TreeSet<>(seen).stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    return PageCursor.of(value.toString());
  }

  /** The page number of {@link #url}; 1 when it names none. */
  int page() {
    Matcher matcher = PAGE.matcher(url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    return matcher.find() ? Integer.parseInt(matcher.group(2)) : 1;
  }

  /** Where this part goes on after this page: {@code next}, the list's next page. */
  ListCursor after(URI next) {
    return new ListCursor(next, through, false, Set.of());
  }

  /** The boundary this page starts a part at. */
  Optional<String> boundary() {
    return shared ? Optional.of(boundaryAt(page())) : Optional.empty();
  }

  /** The boundary this page, read past its part's last page, looks for. */
  Optional<String> meets() {
    return through.isPresent() && page() > through.getAsInt() ? Optional.of(boundaryAt(through.getAsInt() + 1)) : Optional.empty();
  }

  private static String boundaryAt(int page) {
    return "page=" + page;
  }

  /**
   * The pages after page 1 of the list whose page 2 is {@code next}, cut into at most {@code
   * parts} parts of contiguous pages up to {@code estimatedEnd}: the first part's cursor first.
   * The last part follows the list to its end, which it may find earlier; every other part reads
   * on past its last page until it meets the next part.
   */
  static List<ListCursor> split(URI next, int estimatedEnd, int lastPage, int parts) {
    int end = Math.max(2, Math.min(estimatedEnd, lastPage));
    int count = Math.max(1, Math.min(parts, end - 1));
    int chunk = (end - 1 + count - 1) / count;
    List<ListCursor> split = new ArrayList<>();
    for (int start = 2; start <= end; start += chunk) {
      OptionalInt through = start + chunk > end ? OptionalInt.empty() : OptionalInt.of(start + chunk - 1);
      split.add(new ListCursor(withPage(next, start), through, start > 2, Set.of()));
    }
    return split;
  }

  private static URI withPage(URI next, int page) {
    String query = next.getRawQuery() == null ? "" : next.getRawQuery();
    Matcher matcher = PAGE.matcher(query.isEmpty() ? "" : "?" + query);
    String updated = matcher.find()
        ? ("?" + query).replaceFirst("([?&])page=\\d+", "$1page=" + page).substring(1)
        : query + (query.isEmpty() ? "" : "&") + "page=" + page;
    return URI.create(next.getScheme() + "://" + next.getRawAuthority() + next.getRawPath() + "?" + updated);
  }

  private static long number(String text, String problem) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException malformed) {
      throw new InvalidCursorException(GitHubTransformer.SOURCE, problem);
    }
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
