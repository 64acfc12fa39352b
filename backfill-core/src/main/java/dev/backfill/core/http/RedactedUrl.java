package dev.backfill.core.http;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * A URL as it may appear in logs and exception messages: no user info, and the values of query
 * parameters whose names suggest a secret (token, key, secret, signature, password, code, ...)
 * replaced by {@code ***}.
 */
public final class RedactedUrl {
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(token|key|secret|sig|password|passwd|auth|code|credential|jwt|session).*");

  private RedactedUrl() {}

  /** {@code uri} with credentials in its user info and query replaced by {@code ***}. */
  public static String of(URI uri) {
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      out.append(uri.getHost());
    }
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    String query = uri.getRawQuery();
    if (query != null) {
      out.append('?');
      String[] pairs = query.split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        if (i > 0) {
          out.append('&');
        }
        int eq = pairs[i].indexOf('=');
        String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
        if (eq >= 0 && SECRET_NAME.matcher(name).matches()) {
          out.append(name).append("=***");
        } else {
          out.append(pairs[i]);
        }
      }
    }
    return out.toString();
  }
}
