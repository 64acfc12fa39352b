package dev.backfill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.core.spi.WebhookDelivery;
import dev.backfill.core.spi.WebhookHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backfill webhook}: verify and transform one webhook delivery through its connector's
 * {@link WebhookHandler}, to compare it with a backfilled event. Names no provider: any installed
 * connector that describes webhooks works.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Transform one webhook body into its event and print it as JSON.")
final class WebhookCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = BackfillJson.newMapper();

  @ParentCommand
  BackfillCli cli;

  @Option(names = "--provider", required = true, description = "The provider id; `backfill providers` lists them.")
  String provider;

  @Option(names = "--file", required = true, description = "The raw body as the provider delivered it.")
  Path file;

  @Option(names = "--event", description = "The event header's value (GitHub's X-GitHub-Event, Sentry's Sentry-Hook-Resource),"
      + " for providers that name the event in a header.")
  String event;

  @Option(names = "--signature", description = "The signature header's value; with --secret-env the body is verified first.")
  String signature;

  @Option(names = "--secret-env", description = "The environment variable that holds the webhook secret (with --signature).")
  String secretEnv;

  @Option(names = "--timestamp", description = "The timestamp header's value, for providers that date deliveries in a header"
      + " (Sentry-Hook-Timestamp); checked for freshness when verifying.")
  String timestamp;

  @Option(names = "--header", description = "Any other header of the delivery, NAME=VALUE; repeatable.")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(names = "--tolerance", converter = DurationConverter.class,
      description = "How far a delivery's timestamp may be from now (default: the provider's own, such as Linear 1m, Sentry 5m).")
  Duration tolerance;

  @Override
  public Integer call() throws IOException {
    Io io = cli.io;
    WebhookHandler handler = Connectors.load().get(provider).descriptor().webhooks()
        .orElseThrow(() -> new IllegalArgumentException(provider + " describes no webhooks"));
    if ((signature == null) != (secretEnv == null)) {
      throw new IllegalArgumentException("verifying a delivery needs both --signature (the header's value) and --secret-env"
          + " (the variable holding the secret); give both, or neither to transform without verifying");
    }
    WebhookDelivery delivery = WebhookDelivery.of(headers(handler), Files.readAllBytes(io.resolve(file)));
    if (signature != null) {
      String secret = io.env.get(secretEnv);
      if (secret == null) {
        throw new IllegalArgumentException("the environment variable " + secretEnv + " named by --secret-env is not set");
      }
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("the environment variable " + secretEnv + " named by --secret-env is empty");
      }
      io.redactor.remember(secret);
      Optional<String> refused = refusal(handler, delivery, secret);
      if (refused.isPresent()) {
        io.err.println("backfill: " + refused.get());
        return ExitCodes.VERIFICATION_FAILED;
      }
    } else {
      io.err.println("backfill: not verified (no --signature and --secret-env given)");
    }
    Optional<SourceEvent> transformed = handler.transform(delivery, TransformContext.webhook("cli", Instant.now()));
    if (transformed.isEmpty()) {
      io.err.println("backfill: " + provider + " " + (event == null ? "" : io.safe(event) + " ") + "deliveries are not turned into events");
      return ExitCodes.DONE;
    }
    io.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(transformed.get()));
    return ExitCodes.DONE;
  }

  /** The delivery's headers: {@code --header}s, then the event, signature and timestamp options under the handler's names. */
  private Map<String, String> headers(WebhookHandler handler) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (event != null) {
      all.put(handler.eventHeader().orElseThrow(() ->
          new IllegalArgumentException(provider + " deliveries name their event in the body; --event is not used")), event);
    }
    if (signature != null) {
      all.put(handler.signatureHeader(), signature);
    }
    if (timestamp != null) {
      all.put(handler.timestampHeader().orElseThrow(() ->
          new IllegalArgumentException(provider + " deliveries carry no timestamp header; --timestamp is not used")), timestamp);
    }
    return all;
  }

  /** Why the delivery is refused, or empty when it is authentic (and fresh, where the provider dates it). */
  private Optional<String> refusal(WebhookHandler handler, WebhookDelivery delivery, String secret) {
    Optional<String> timestampHeader = handler.timestampHeader();
    if (timestampHeader.isPresent() && delivery.header(timestampHeader.get()).isEmpty()) {
      return Optional.of("a " + provider + " delivery is verified with its " + timestampHeader.get() + " header: give it with --timestamp");
    }
    Duration window = tolerance != null ? tolerance : handler.defaultTolerance();
    if (handler.verify(delivery, secret, Instant.now(), window)) {
      return Optional.empty();
    }
    return Optional.of("the signature does not match the body"
        + (window.isZero() ? "" : ", or the delivery's timestamp is missing or more than " + window.toSeconds() + "s from now (a replayed delivery)"));
  }
}
