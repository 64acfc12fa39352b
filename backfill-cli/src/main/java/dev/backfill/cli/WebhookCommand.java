package dev.backfill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.TransformContext;
import dev.backfill.github.GitHubWebhooks;
import dev.backfill.linear.LinearWebhooks;
import dev.backfill.sentry.SentryWebhooks;
import dev.backfill.vercel.VercelWebhooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backfill webhook}: verify and transform one webhook body, to compare it with a backfilled event. */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Transform one webhook body into its event and print it as JSON.")
final class WebhookCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = BackfillJson.newMapper();

  @ParentCommand
  BackfillCli cli;

  @Option(names = "--provider", required = true, description = "github, vercel, linear or sentry")
  String provider;

  @Option(names = "--event", description = "GitHub: X-GitHub-Event; Sentry: Sentry-Hook-Resource; Vercel and Linear read it from the body.")
  String event;

  @Option(names = "--file", required = true, description = "The raw body as the provider delivered it.")
  Path file;

  @Option(names = "--signature", description = "The signature header's value; with --secret-env the body is verified first.")
  String signature;

  @Option(names = "--secret-env", description = "The environment variable that holds the webhook secret (with --signature).")
  String secretEnv;

  @Option(names = "--timestamp", description = "Sentry: the Sentry-Hook-Timestamp header, checked for freshness when verifying.")
  String timestamp;

  @Option(names = "--tolerance", converter = DurationConverter.class,
      description = "How far a signed timestamp (Linear webhookTimestamp, Sentry-Hook-Timestamp) may be from now"
          + " (default: Linear 1m, Sentry 5m).")
  Duration tolerance;

  @Override
  public Integer call() throws IOException {
    Io io = cli.io;
    byte[] body = Files.readAllBytes(io.resolve(file));
    if ((signature == null) != (secretEnv == null)) {
      throw new IllegalArgumentException("verifying a delivery needs both --signature (the header's value) and --secret-env"
          + " (the variable holding the secret); give both, or neither to transform without verifying");
    }
    if (signature != null) {
      String secret = io.env.get(secretEnv);
      if (secret == null) {
        throw new IllegalArgumentException("the environment variable " + secretEnv + " named by --secret-env is not set");
      }
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("the environment variable " + secretEnv + " named by --secret-env is empty");
      }
      io.redactor.remember(secret);
      Optional<String> refused = verify(body, secret, Instant.now());
      if (refused.isPresent()) {
        io.err.println("backfill: " + refused.get());
        return ExitCodes.VERIFICATION_FAILED;
      }
    } else {
      io.err.println("backfill: not verified (no --signature and --secret-env given)");
    }
    TransformContext context = TransformContext.webhook("cli", Instant.now());
    Optional<SourceEvent> transformed;
    switch (provider) {
      case "github":
        transformed = GitHubWebhooks.transform(required(event, "--event (the X-GitHub-Event)"), body, context);
        break;
      case "vercel":
        transformed = VercelWebhooks.transform(body, context);
        break;
      case "linear":
        transformed = LinearWebhooks.transform(body, context);
        break;
      case "sentry":
        transformed = SentryWebhooks.transform(required(event, "--event (the Sentry-Hook-Resource)"), body, context);
        break;
      default:
        throw new IllegalArgumentException("unknown provider '" + provider + "'; choose github, vercel, linear or sentry");
    }
    if (transformed.isEmpty()) {
      io.err.println("backfill: " + provider + " " + (event == null ? "" : io.safe(event) + " ") + "deliveries are not turned into events");
      return ExitCodes.DONE;
    }
    io.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(transformed.get()));
    return ExitCodes.DONE;
  }

  /** Why the delivery is refused, or empty when it is authentic (and fresh, where the provider sends a timestamp). */
  private Optional<String> verify(byte[] body, String secret, Instant now) {
    switch (provider) {
      case "github":
        return refusedUnless(GitHubWebhooks.verifySignature(body, signature, secret), "the signature does not match the body");
      case "vercel":
        return refusedUnless(VercelWebhooks.verifySignature(body, signature, secret), "the signature does not match the body");
      case "linear":
        Duration linearTolerance = tolerance != null ? tolerance : LinearWebhooks.DEFAULT_TOLERANCE;
        return refusedUnless(LinearWebhooks.verify(body, signature, secret, now, linearTolerance),
            "the signature does not match the body, or its webhookTimestamp is missing or more than " + linearTolerance.toSeconds() + "s"
                + " from now (a replayed delivery)");
      case "sentry":
        if (timestamp == null) {
          return Optional.of("a Sentry delivery is verified with its Sentry-Hook-Timestamp: give it with --timestamp");
        }
        Duration sentryTolerance = tolerance != null ? tolerance : SentryWebhooks.DEFAULT_TOLERANCE;
        return refusedUnless(SentryWebhooks.verify(body, signature, timestamp, secret, now, sentryTolerance),
            "the signature does not match the body, or the timestamp is unreadable or more than " + sentryTolerance.toSeconds() + "s"
                + " from now (a replayed delivery)");
      default:
        throw new IllegalArgumentException("unknown provider '" + provider + "'; choose github, vercel, linear or sentry");
    }
  }

  private static Optional<String> refusedUnless(boolean verified, String reason) {
    return verified ? Optional.empty() : Optional.of(reason);
  }

  private static String required(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("this provider needs " + what);
    }
    return value;
  }
}
