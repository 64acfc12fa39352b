package dev.backfill.cli;

import dev.backfill.core.Connectors;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.Depth;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.CommonSettings;
import dev.backfill.core.spi.ConnectorDescriptor;
import dev.backfill.core.spi.ConnectorOption;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The options {@code run} and {@code plan} share: which provider, which resources, which
 * credentials, how deep. Credentials come only from the environment or a file, never the command
 * line. Provider options ({@code --repo}, {@code --org}, ...) are not declared here: {@link
 * BackfillCli} adds those every installed connector describes, and they land in {@link
 * #providerOptions}.
 */
final class ConnectionOptions {
  @Option(names = "--provider", required = true, description = "The provider id; `backfill providers` lists them.")
  String provider;

  @Option(names = "--connection", defaultValue = "cli", description = "The connection id checkpoints are kept under (default: ${DEFAULT-VALUE}).")
  String connection;

  @Option(names = "--token-env", description = "The environment variable that holds the token (default: the provider's own, such as GITHUB_TOKEN).")
  String tokenEnv;

  @Option(names = "--token-file", description = "A file that holds the token, instead of --token-env.")
  Path tokenFile;

  @Option(names = "--base-url", description = "The API base: GitHub Enterprise Server (https://HOST/api/v3), self-hosted Sentry, a fake.")
  String baseUrl;

  @Option(names = "--depth", description = "Days of history back from --until, 1 to 365 (default: 30).")
  Integer depth;

  @Option(names = "--since", converter = InstantConverter.class,
      description = "Where the range starts, as 2026-11-20T10:00:00Z or 2026-11-20, instead of --depth.")
  Instant since;

  @Option(names = "--until", converter = InstantConverter.class, description = "Where the range ends, exclusive (default: now).")
  Instant until;

  @Option(names = "--entities", split = ",", description = "Entity types, comma-separated (default: the provider's defaults).")
  List<String> entities = new ArrayList<>();

  @Option(names = "--concurrency", description = "Works at once (default: as many as the connection's requests in flight).")
  Integer concurrency;

  @Option(names = "--setting", description = "Any other connector setting, key=value; repeatable.")
  Map<String, String> extraSettings = new LinkedHashMap<>();

  @Option(names = "--max-wait", defaultValue = "2h", converter = DurationConverter.class,
      description = "The most one request may spend waiting for rate limits, all its waits together, as 90s, 30m, 2h or PT2H;"
          + " past it the work fails naming when to retry (default: ${DEFAULT-VALUE}).")
  Duration maxWait;

  /** The values of the provider options given, by option name, in the order given. */
  final Map<String, List<String>> providerOptions = new LinkedHashMap<>();

  /** The HTTP settings these options ask for. */
  HttpSettings httpSettings() {
    return HttpSettings.builder().maxTotalWait(maxWait).build();
  }

  /**
   * The request these options describe.
   *
   * @throws IllegalArgumentException naming the option that is wrong or missing
   * @throws dev.backfill.core.error.UnknownProviderException listing the providers found
   */
  BackfillRequest request(Io io) {
    BackfillConnector connector = Connectors.load().get(provider);
    ConnectorDescriptor descriptor = connector.descriptor();
    Map<String, String> settings = new LinkedHashMap<>(extraSettings);
    if (baseUrl != null) {
      settings.put(CommonSettings.BASE_URL, baseUrl);
    }
    Map<String, String> credentialValues = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> given : providerOptions.entrySet()) {
      ConnectorOption option = descriptor.options().stream().filter(candidate -> candidate.name().equals(given.getKey())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(given.getKey() + " is not an option of " + provider + "; its options: "
              + (descriptor.options().isEmpty() ? "none" : descriptor.options().stream().map(ConnectorOption::name).collect(Collectors.joining(", ")))));
      if (option.setting().isPresent()) {
        settings.put(option.setting().get().key(), String.join(",", given.getValue()));
      } else {
        String value = given.getValue().get(given.getValue().size() - 1);
        if (option.readsFile()) {
          value = read(io.resolve(Path.of(value)), option.name());
          io.redactor.remember(value);
        }
        credentialValues.put(option.name(), value);
      }
    }
    Settings parsed;
    try {
      parsed = connector.settings().parse(settings);
    } catch (IllegalArgumentException invalid) {
      throw new IllegalArgumentException(provider + " " + invalid.getMessage(), invalid);
    }
    if (depth != null && since != null) {
      throw new IllegalArgumentException("give --depth or --since, not both");
    }
    BackfillRequest.Builder request = BackfillRequest.builder()
        .provider(provider)
        .connectionId(connection)
        .credentials(credentials(io, connector, credentialValues, parsed))
        .settings(settings)
        .since(Optional.ofNullable(since))
        .until(Optional.ofNullable(until))
        .entityTypes(entities);
    if (concurrency != null) {
      request.concurrency(concurrency);
    }
    if (depth != null) {
      request.depth(Depth.ofDays(depth));
    }
    return request.build();
  }

  private CredentialProvider credentials(Io io, BackfillConnector connector, Map<String, String> credentialValues, Settings settings) {
    if (!credentialValues.isEmpty()) {
      return connector.descriptor().credentialForm().orElseThrow().create(credentialValues, settings);
    }
    if (tokenFile != null) {
      return staticToken(io, read(io.resolve(tokenFile), "--token-file"), "the --token-file " + tokenFile);
    }
    String variable = tokenEnv != null ? tokenEnv : connector.descriptor().credentialVariable().orElseThrow(() ->
        new IllegalArgumentException(provider + " names no token variable of its own: give --token-env or --token-file"));
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
}
