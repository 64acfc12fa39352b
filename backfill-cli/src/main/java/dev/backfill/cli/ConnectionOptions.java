package dev.backfill.cli;

import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.ImmutableBackfillRequest;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.github.GitHubAppCredentials;
import dev.backfill.github.GitHubConnector;
import dev.backfill.linear.LinearConnector;
import dev.backfill.sentry.SentryConnector;
import dev.backfill.vercel.VercelConnector;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code run} and {@code plan} share: which provider, which resources, which
 * credentials, how deep. Credentials come only from the environment or a file, never the command
 * line.
 */
final class ConnectionOptions {
  private static final Map<String, String> TOKEN_VARIABLES = Map.of(
      "github", "GITHUB_TOKEN", "vercel", "VERCEL_TOKEN", "linear", "LINEAR_API_KEY", "sentry", "SENTRY_AUTH_TOKEN");

  @Option(names = "--provider", required = true, description = "github, vercel, linear or sentry")
  String provider;

  @Option(names = "--connection", defaultValue = "cli", description = "The connection id checkpoints are kept under (default: ${DEFAULT-VALUE}).")
  String connection;

  @Option(names = "--repo", description = "GitHub: a repository owner/name; repeatable. Without it, every repository of --installation.")
  List<String> repos = new ArrayList<>();

  @Option(names = "--installation", description = "GitHub: the App installation id (with --app-id and --private-key).")
  Long installation;

  @Option(names = "--app-id", description = "GitHub: the App's id or client id.")
  String appId;

  @Option(names = "--private-key", description = "GitHub: the App's private key PEM file.")
  Path privateKey;

  @Option(names = "--project", description = "Vercel: a project id; Sentry: a project slug; repeatable. Without it, every project.")
  List<String> projects = new ArrayList<>();

  @Option(names = "--team-id", description = "Vercel: the team id every request is scoped to.")
  String teamId;

  @Option(names = "--team", description = "Linear: a team key; repeatable. Without it, every team.")
  List<String> teams = new ArrayList<>();

  @Option(names = "--org", description = "Sentry: the organization slug (required for Sentry).")
  String organization;

  @Option(names = "--token-env", description = "The environment variable that holds the token "
      + "(default: GITHUB_TOKEN, VERCEL_TOKEN, LINEAR_API_KEY or SENTRY_AUTH_TOKEN).")
  String tokenEnv;

  @Option(names = "--token-file", description = "A file that holds the token, instead of --token-env.")
  Path tokenFile;

  @Option(names = "--base-url", description = "The API base: GitHub Enterprise Server (https://HOST/api/v3), self-hosted Sentry, a fake.")
  String baseUrl;

  @Option(names = "--depth", defaultValue = "30", description = "Days of history: 7, 30 or 90 (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--entities", split = ",", description = "Entity types, comma-separated (default: the provider's defaults).")
  List<String> entities = new ArrayList<>();

  @Option(names = "--concurrency", defaultValue = "4", description = "Workers at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--setting", description = "Any other connector setting, key=value; repeatable.")
  Map<String, String> extraSettings = new LinkedHashMap<>();

  @Option(names = "--max-wait", defaultValue = "2h", converter = DurationConverter.class,
      description = "The most one request may spend waiting for rate limits, all its waits together, as 90s, 30m, 2h or PT2H;"
          + " past it the work fails naming when to retry (default: ${DEFAULT-VALUE}).")
  Duration maxWait;

  /** The HTTP settings these options ask for. */
  HttpSettings httpSettings() {
    return HttpSettings.builder().maxTotalWait(maxWait).build();
  }

  /**
   * The request these options describe.
   *
   * @throws IllegalArgumentException naming the option that is wrong or missing
   */
  BackfillRequest request(Io io) {
    if (!TOKEN_VARIABLES.containsKey(provider)) {
      throw new IllegalArgumentException("unknown provider '" + provider + "'; choose github, vercel, linear or sentry");
    }
    Map<String, String> settings = new LinkedHashMap<>(extraSettings);
    if (baseUrl != null) {
      settings.put("baseUrl", baseUrl);
    }
    switch (provider) {
      case "github":
        if (!repos.isEmpty()) {
          settings.put(GitHubConnector.REPOSITORIES.key(), String.join(",", repos));
        } else if (installation == null) {
          throw new IllegalArgumentException("GitHub needs --repo owner/name (repeatable) or --installation with --app-id and --private-key");
        }
        break;
      case "vercel":
        putList(settings, VercelConnector.PROJECTS.key(), projects);
        if (teamId != null) {
          settings.put(VercelConnector.TEAM_ID.key(), teamId);
        }
        break;
      case "linear":
        putList(settings, LinearConnector.TEAMS.key(), teams);
        break;
      default:
        if (organization == null) {
          throw new IllegalArgumentException("Sentry needs --org (the organization slug)");
        }
        settings.put(SentryConnector.ORGANIZATION.key(), organization);
        putList(settings, SentryConnector.PROJECTS.key(), projects);
    }
    ImmutableBackfillRequest.Builder request = BackfillRequest.builder()
        .provider(provider)
        .connectionId(connection)
        .credentials(credentials(io))
        .settings(settings)
        .depth(Depth.ofDays(depth))
        .entityTypes(entities)
        .concurrency(concurrency);
    return request.build();
  }

  private CredentialProvider credentials(Io io) {
    if ("github".equals(provider) && installation != null) {
      if (appId == null || privateKey == null) {
        throw new IllegalArgumentException("--installation needs --app-id and --private-key");
      }
      URI base = URI.create(baseUrl != null ? baseUrl : GitHubConnector.DEFAULT_BASE_URL);
      String pem = read(io.resolve(privateKey), "--private-key");
      io.redactor.remember(pem);
      return GitHubAppCredentials.builder().appId(appId).installationId(installation).privateKeyPem(pem).apiBase(base).build();
    }
    if (tokenFile != null) {
      return staticToken(io, read(io.resolve(tokenFile), "--token-file"), "the --token-file " + tokenFile);
    }
    String variable = tokenEnv != null ? tokenEnv : TOKEN_VARIABLES.get(provider);
    String token = io.env.get(variable);
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("no token: set the environment variable " + variable + " (or name another with --token-env, or use --token-file)");
    }
    return staticToken(io, token, "the environment variable " + variable);
  }

  /**
   * The token read from {@code source}, without the one trailing line break files usually end
   * with; a token that still holds a character a header cannot carry is refused without showing it.
   */
  private CredentialProvider staticToken(Io io, String raw, String source) {
    io.redactor.remember(raw);
    String token = raw.endsWith("\r\n") ? raw.substring(0, raw.length() - 2) : raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw;
    if (token.isEmpty()) {
      throw new IllegalArgumentException(source + " is empty");
    }
    try {
      return CredentialProvider.staticToken(token);
    } catch (IllegalArgumentException unusable) {
      throw new AuthenticationException(provider, "the token in " + source + " cannot be used: " + unusable.getMessage());
    }
  }

  private static String read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the " + option + " file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  private static void putList(Map<String, String> settings, String key, List<String> values) {
    if (!values.isEmpty()) {
      settings.put(key, String.join(",", values));
    }
  }
}
