package dev.backfill.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void replacesEverySecretItKnowsAndLeavesOtherTextAlone() {
    Redactor redactor = Redactor.create().remember("ghs_abcdef123456").remember("lin_api_XYZ987");

    assertThat(redactor.redact("token ghs_abcdef123456 and lin_api_XYZ987, twice ghs_abcdef123456"))
        .isEqualTo("token [redacted] and [redacted], twice [redacted]");
    assertThat(redactor.redact("nothing secret here")).isEqualTo("nothing secret here");
    assertThat(redactor.redact((String) null)).isNull();
  }

  @Test
  void aSecretSplitByALineBreakIsCaughtPieceByPiece() {
    Redactor redactor = Redactor.create().remember("tok-SECRET-123\nsecond-part");

    assertThat(redactor.redact("header \"Bearer tok-SECRET-123\"")).isEqualTo("header \"Bearer [redacted]\"");
    assertThat(redactor.redact("then second-part alone")).isEqualTo("then [redacted] alone");
  }

  @Test
  void tooShortValuesAreNotLookedForSoOrdinaryWordsSurvive() {
    assertThat(Redactor.create().remember("abc").remember("   ").remember(null).redact("abc def")).isEqualTo("abc def");
  }

  @Test
  void controlAndInvisibleCharactersAreNeutralised() {
    assertThat(Redactor.printable("a\u001b]0;title\u0007b\u009bc\u200bd\u202ee\r\nf\tg\u007fh"))
        .isEqualTo("a?]0;title?b?c?d?e  f g?h");
    assertThat(Redactor.printable("plain text: ünïcödé ✓")).isEqualTo("plain text: ünïcödé ✓");
  }

  @Test
  void aFailureMentioningASecretIsReplacedByARedactedStandInKeepingTypeNameAndStack() {
    Redactor redactor = Redactor.create().remember("tok-SECRET-123");
    IOException original = new IOException("invalid header value: \"Bearer tok-SECRET-123\"",
        new IllegalArgumentException("value tok-SECRET-123"));

    Throwable redacted = redactor.redact(original);

    assertThat(redacted).isNotSameAs(original);
    assertThat(redacted.toString()).isEqualTo("java.io.IOException: invalid header value: \"Bearer [redacted]\"");
    assertThat(redacted.getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(redacted.getCause().toString()).isEqualTo("java.lang.IllegalArgumentException: value [redacted]");
    IOException clean = new IOException("connection reset");
    assertThat(redactor.redact(clean)).isSameAs(clean);
  }

  @Property
  void noRememberedSecretSurvivesAnywhereInAText(@ForAll @StringLength(min = 4, max = 40) String secret,
      @ForAll @StringLength(max = 40) String before, @ForAll @StringLength(max = 40) String after) {
    Redactor redactor = Redactor.create().remember(secret);
    if (secret.strip().length() < 4) {
      return;
    }

    assertThat(redactor.redact(before + secret + after)).doesNotContain(Redactor.printable(secret));
  }
}
