package dev.backfill.core.spi;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How tools present a connector without naming its provider: where its credential usually lives,
 * the command-line options it offers, how to build a credential from them, and how its webhooks
 * are verified and transformed. The command line, the demo and the reliability suite use only this.
 */
@Value.Immutable
public interface ConnectorDescriptor {
  /** The environment variable a token of this provider usually lives in, such as {@code GITHUB_TOKEN}. */
  Optional<String> credentialVariable();

  /** Command-line options: ones that fill settings, and ones for the {@link #credentialForm()}. */
  List<ConnectorOption> options();

  /** Builds credentials from the credential options, when the connector has any. */
  Optional<CredentialForm> credentialForm();

  /** The provider's webhooks, when it has them. */
  Optional<WebhookHandler> webhooks();

  /** A descriptor with nothing in it, for connectors that describe nothing. */
  ConnectorDescriptor NONE = builder().build();

  /** Starts a descriptor. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ConnectorDescriptor}. */
  final class Builder extends ImmutableConnectorDescriptor.Builder {}

  /** Refuses credential options without a credential form, and a form without options. */
  @Value.Check
  default void check() {
    boolean credentialOptions = options().stream().anyMatch(option -> option.setting().isEmpty());
    if (credentialOptions != credentialForm().isPresent()) {
      throw new IllegalArgumentException("credential options and a credential form go together");
    }
  }
}
