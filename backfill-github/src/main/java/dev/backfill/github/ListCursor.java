package dev.backfill.github;

import dev.backfill.core.error.InvalidCursorException;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.github.internal.GitHubTransformer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * whether the page is the first of a part ({@code shared}); for an issue range paged oldest first
 * by {@code since}, the numbers already delivered at that {@code since} (GitHub's {@code since} is
 * inclusive, so they are listed again); and for the check that closes a split list, the time from
 * which a change counts ({@code changedSince}), the list's first page ({@code list}) and the pages
 * where its parts after the first began ({@code starts}). Stored as the URL followed by {@code " through=9"}, {@code " shared"} and
 * the like for each that is set.
 */
final class ListCursor {
  private static final Pattern PAGE = Pattern.compile("([?&])page=(\\d+)");

  final URI url;
  final OptionalInt through;
  final boolean shared;
  final Set<Long> seen;
  final Optional<Instant> changedSince;
  final Optional<URI> list;
  final List<Integer> starts;

  private ListCursor(URI url, OptionalInt through, boolean shared, Set<Long> seen, Optional<Instant> changedSince,
      Optional<URI> list, List<Integer> starts) {
    this.url = url;
    this.through = through;
    this.shared = shared;
    this.seen = Set.copyOf(seen);
    this.changedSince = changedSince;
    this.list = list;
    this.starts = List.copyOf(starts);
  }

  private ListCursor(URI url, OptionalInt through, boolean shared) {
    this(url, through, shared, Set.of(), Optional.empty(), Optional.empty(), List.of());
  }

  /** The first page of a list, or the next page of a list not split. */
  static ListCursor of(URI url, Set<Long> seen) {
    return new ListCursor(url, OptionalInt.empty(), false, seen, Optional.empty(), Optional.empty(), List.of());
  }

  static ListCursor parse(PageCursor cursor) {
    String[] fields = cursor.value().split(" ", -1);
    OptionalInt through = OptionalInt.empty();
    boolean shared = false;
    Set<Long> seen = new TreeSet<>();
    Optional<Instant> changedSince = Optional.empty();
    Optional<URI> list = Optional.empty();
    List<Integer> starts = new ArrayList<>();
    for (int index = 1; index < fields.length; index++) {
      int equals = fields[index].indexOf('=');
      String value = equals < 0 ? "" : fields[index].substring(equals + 1);
      switch (equals < 0 ? fields[index] : fields[index].substring(0, equals)) {
        case "through":
          through = OptionalInt.of((int) number(value, "its last page is not a number"));
          break;
        case "shared":
          shared = true;
          break;
        case "seen":
          for (String number : value.split(",")) {
            seen.add(number(number, "its seen numbers are not numbers"));
          }
          break;
        case "changedSince":
          changedSince = Optional.of(instant(value));
          break;
        case "list":
          list = Optional.of(url(value));
          break;
        case "starts":
          for (String page : value.split(",")) {
            starts.add((int) number(page, "its part starts are not page numbers"));
          }
          break;
        default:
          throw new InvalidCursorException(GitHubTransformer.SOURCE, "it has an unknown field");
      }
    }
    return new ListCursor(url(fields[0]), through, shared, seen, changedSince, list, starts);
  }

  PageCursor toCursor() {
    StringBuilder value = new StringBuilder(url.toString());
    through.ifPresent(last -> value.append(" through=").append(last));
    if (shared) {
      value.append(" shared");
    }
    if (!seen.isEmpty()) {
      value.append(" seen=").append(new TreeSet<>(seen).stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    changedSince.ifPresent(since -> value.append(" changedSince=").append(since));
    list.ifPresent(first -> value.append(" list=").append(first));
    if (!starts.isEmpty()) {
      value.append(" starts=").append(starts.stream().map(String::valueOf).collect(Collectors.joining(",")));
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
    return new ListCursor(next, through, false);
  }

  /** Whether this page is the last of its part: a part reads past it only when a check sends it on. */
  boolean endsPart() {
    return through.isPresent() && page() == through.getAsInt();
  }

  /** Whether this is a page of the check that closes a split list. */
  boolean checksChanges() {
    return changedSince.isPresent();
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
   * The last part follows the list to its end, which it may find earlier; every other part ends
   * with its last page.
   */
  static List<ListCursor> split(URI next, int estimatedEnd, int lastPage, int parts) {
    int end = Math.max(2, Math.min(estimatedEnd, lastPage));
    int count = Math.max(1, Math.min(parts, end - 1));
    int chunk = (end - 1 + count - 1) / count;
    List<ListCursor> split = new ArrayList<>();
    for (int start = 2; start <= end; start += chunk) {
      OptionalInt through = start + chunk > end ? OptionalInt.empty() : OptionalInt.of(start + chunk - 1);
      split.add(new ListCursor(withPage(next, start), through, start > 2));
    }
    return split;
  }

  /**
   * The check that closes the split list whose first page is {@code first} once its {@code parts}
   * have ended: {@code check} lists, one item a page, what changed from {@code changedSince} on.
   */
  static ListCursor closing(URI check, Instant changedSince, URI first, List<ListCursor> parts) {
    List<Integer> starts = parts.subList(1, parts.size()).stream().map(ListCursor::page).collect(Collectors.toList());
    return new ListCursor(check, OptionalInt.empty(), false, Set.of(), Optional.of(changedSince), Optional.of(first), starts);
  }

  /**
   * Parts that read the list again from each page where a part began, until they meet the items
   * that part's first page held: those pushed across the boundary while the parts ran come before.
   */
  List<ListCursor> meetings() {
    URI first = list.orElseThrow(() -> new InvalidCursorException(GitHubTransformer.SOURCE, "it is a check without its list"));
    return starts.stream().map(start -> new ListCursor(withPage(first, start), OptionalInt.of(start - 1), false))
        .collect(Collectors.toList());
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

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException malformed) {
      throw new InvalidCursorException(GitHubTransformer.SOURCE, "its changedSince is not an instant");
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
