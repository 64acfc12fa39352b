package dev.backfill.core.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 8288 {@code Link} header as GitHub and Sentry send it, for example {@code <https://...&page=2>;
 * rel="next", <...>; rel="last"}. Parsing is lenient: entries that are not well formed are left
 * out rather than failing the page.
 */
public final class LinkHeader {
  /** One link: its target and parameters ({@code rel}, and Sentry's {@code results}, {@code cursor}). */
  public static final class Link {
    private final URI uri;
    private final Map<String, String> params;

    Link(URI uri, Map<String, String> params) {
      this.uri = uri;
      this.params = Map.copyOf(params);
    }

    /** The linked URL. */
    public URI uri() {
      return uri;
    }

    /** A parameter by lower-case name, without quotes. */
    public Optional<String> param(String name) {
      return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
      return "<" + RedactedUrl.of(uri) + ">" + params;
    }
  }

  private static final LinkHeader EMPTY = new LinkHeader(List.of());

  private final List<Link> links;

  private LinkHeader(List<Link> links) {
    this.links = List.copyOf(links);
  }

  /** Parses a header value; {@code null} or blank gives an empty header. */
  public static LinkHeader parse(String value) {
    if (value == null || value.isBlank()) {
      return EMPTY;
    }
    List<Link> links = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (i < n) {
      int open = value.indexOf('<', i);
      if (open < 0) {
        break;
      }
      int close = value.indexOf('>', open + 1);
      if (close < 0) {
        break;
      }
      String target = value.substring(open + 1, close).trim();
      Map<String, String> params = new LinkedHashMap<>();
      i = close + 1;
      while (i < n) {
        while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
          i++;
        }
        if (i >= n || value.charAt(i) != ';') {
          break;
        }
        i++;
        int eq = value.indexOf('=', i);
        int stop = nextDelimiter(value, i);
        if (eq < 0 || eq > stop) {
          i = stop;
          continue;
        }
        String name = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
        int start = eq + 1;
        while (start < n && value.charAt(start) == ' ') {
          start++;
        }
        String paramValue;
        if (start < n && value.charAt(start) == '"') {
          int end = value.indexOf('"', start + 1);
          if (end < 0) {
            end = n;
          }
          paramValue = value.substring(start + 1, end);
          i = Math.min(n, end + 1);
        } else {
          int end = nextDelimiter(value, start);
          paramValue = value.substring(start, end).trim();
          i = end;
        }
        params.putIfAbsent(name, paramValue);
      }
      while (i < n && value.charAt(i) != ',' && value.charAt(i) != '<') {
        i++;
      }
      parseUri(target).ifPresent(uri -> links.add(new Link(uri, params)));
    }
    return new LinkHeader(links);
  }

  private static int nextDelimiter(String value, int from) {
    int n = value.length();
    for (int i = from; i < n; i++) {
      char c = value.charAt(i);
      if (c == ';' || c == ',') {
        return i;
      }
    }
    return n;
  }

  private static Optional<URI> parseUri(String target) {
    try {
      URI uri = new URI(target);
      return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
    } catch (java.net.URISyntaxException malformed) {
      return Optional.empty();
    }
  }

  /** The first link whose {@code rel} list contains {@code rel}. */
  public Optional<Link> rel(String rel) {
    for (Link link : links) {
      Optional<String> rels = link.param("rel");
      if (rels.isPresent()) {
        for (String candidate : rels.get().trim().split("\\s+")) {
          if (candidate.equalsIgnoreCase(rel)) {
            return Optional.of(link);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Every link, in header order. */
  public List<Link> links() {
    return links;
  }
}
