package dev.backfill.reliability;

import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.JsonLinesSink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.github.GitHubAppCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A GitHub backfill that logs at debug level and prints every error message, for the secrets test
 * to search: {@code baseUrl stateDir eventsFile nowIso app|token secretFile installationId}.
 */
public final class SecretsRunMain {
  private SecretsRunMain() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    String secret = Files.readString(Path.of(args[5]));
    CredentialProvider credentials = "app".equals(args[4])
        ? GitHubAppCredentials.builder().appId("12345").installationId(Long.parseLong(args[6])).privateKeyPem(secret).apiBase(base).build()
        : CredentialProvider.staticToken(secret.strip());
    try (JsonLinesSink sink = JsonLinesSink.appendingTo(Path.of(args[2]), false)) {
      BackfillResult result = Backfill.builder()
          .checkpointStore(new FileCheckpointStore(Path.of(args[1])))
          .clock(Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC))
          .httpSettings(Fixture.FAST)
          .build()
          .run(BackfillRequest.builder()
              .provider("github")
              .connectionId("secrets")
              .credentials(credentials)
              .putSettings("baseUrl", base.toString())
              .putSettings("repositories", "acme/api")
              .putSettings("pageSize", "5")
              .depth(Depth.DAYS_30)
              .build(), sink);
      System.out.println("result: " + result);
      result.error().ifPresent(error -> System.out.println("run error: " + error));
      for (WorkResult work : result.works()) {
        work.error().ifPresent(error -> System.out.println(work.key() + " error: " + error));
      }
    }
  }
}
