package dev.backfill.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialTest {
  @ParameterizedTest
  @ValueSource(strings = {"tok-SECRET-123\nsecond", "tok-SECRET-123\r", "tok-SECRET\u0000123", "tok-SECRET\u200b123",
      "tok-SECRET\u00a0123", "tok SECRET 123", "tok-SECRET-123\u007f", "tök-SECRET-123", "\ttok-SECRET-123"})
  void aSecretAnHttpHeaderCannotCarryIsRefusedWithoutEchoingIt(String secret) {
    assertThatThrownBy(() -> Credential.of(secret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("visible ASCII")
        .message().doesNotContain("SECRET");
    assertThatThrownBy(() -> CredentialProvider.staticToken(secret)).message().doesNotContain("SECRET");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghp_abcDEF0123456789", "lin_api_x", "sntrys_eyJ+/=", "a\"b\\c{}[]%$#!~"})
  void everyVisibleAsciiSecretIsAccepted(String secret) {
    assertThat(Credential.of(secret).secret()).isEqualTo(secret);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tok\nx", "tok\u200bx", "tok\u00a0x", "tok\u0001x", "tok\u00e9x"})
  void theMessageNamesTheKindAndPositionOfTheBadCharacter(String secret) {
    assertThatThrownBy(() -> Credential.of(secret)).hasMessageContaining("character 4 of 5 is a");
  }
}
