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

  @Option(names = "--signature", description = "The signature header's value; with it the body is verified first.")
  String signature;

  @Option(names = "--secret-env", description = "The environment variable that holds the webhook secret (with --signature).")
  String secretEnv;

  @Override
  public Integer call() throws IOException {
    Io io = cli.io;
    byte[] body = Files.readAllBytes(io.resolve(file));
    if (signature != null) {
      if (secretEnv == null || io.env.get(secretEnv) == null) {
        throw new IllegalArgumentException("--signature needs --secret-env naming a set environment variable");
      }
      if (!verify(body, io.env.get(secretEnv))) {
        io.err.println("backfill: the signature does not match the body");
        return ExitCodes.SIGNATURE_MISMATCH;
      }
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
      io.err.println("backfill: " + provider + " " + (event == null ? "" : event + " ") + "deliveries are not turned into events");
      return ExitCodes.DONE;
    }
    io.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(transformed.get()));
    return ExitCodes.DONE;
  }

  private boolean verify(byte[] body, String secret) {
    switch (provider) {
      case "github":
        return GitHubWebhooks.verifySignature(body, signature, secret);
      case "vercel":
        return VercelWebhooks.verifySignature(body, signature, secret);
      case "linear":
        return LinearWebhooks.verifySignature(body, signature, secret);
      case "sentry":
        return SentryWebhooks.verifySignature(body, signature, secret);
      default:
        throw new IllegalArgumentException("unknown provider '" + provider + "'; choose github, vercel, linear or sentry");
    }
  }

  private static String required(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("this provider needs " + what);
    }
    return value;
  }
}
