package dev.backfill.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HmacSignaturesTest {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesGitHubsDocumentedExample() {
    // Secret "It's a Secret to Everybody" and body "Hello, World!" sign to this value in GitHub's webhook docs.
    assertThat(HmacSignatures.matches("HmacSHA256", "It's a Secret to Everybody", BODY,
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).isTrue();
  }

  @Test
  void rejectsOtherSecretsBodiesAndGarbage() {
    String good = HmacSignatures.sign("HmacSHA1", "s3cret", BODY);

    assertThat(HmacSignatures.matches("HmacSHA1", "s3cret", BODY, good)).isTrue();
    assertThat(HmacSignatures.matches("HmacSHA1", "s3cret", BODY, good.toUpperCase())).isTrue();
    assertThat(HmacSignatures.matches("HmacSHA1", "other", BODY, good)).isFalse();
    assertThat(HmacSignatures.matches("HmacSHA1", "s3cret", "Hello".getBytes(StandardCharsets.UTF_8), good)).isFalse();
    assertThat(HmacSignatures.matches("HmacSHA1", "s3cret", BODY, "zz")).isFalse();
    assertThatThrownBy(() -> HmacSignatures.matches("HmacSHA1", "", BODY, good))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret is empty");
  }

  @Property
  void garbageSignaturesNeverThrow(@ForAll String signature) {
    assertThat(HmacSignatures.matches("HmacSHA256", "k", BODY, signature)).isFalse();
  }
}
