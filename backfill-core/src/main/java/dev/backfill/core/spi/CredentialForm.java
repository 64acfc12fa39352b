package dev.backfill.core.spi;

import java.util.Map;

/**
 * Builds a connection's credentials from a connector's credential options, for providers with more
 * than a plain token (a GitHub App installation: app id, installation id, private key).
 */
@FunctionalInterface
public interface CredentialForm {
  /**
   * @param values each credential option's value by option name ({@code --app-id}); a file
   *     option's value is the file's content
   * @param settings the connection's parsed settings (its API base, say)
   * @throws IllegalArgumentException naming the option that is missing or wrong
   * @throws dev.backfill.core.error.AuthenticationException when the values cannot make a credential
   */
  CredentialProvider create(Map<String, String> values, Settings settings);
}
