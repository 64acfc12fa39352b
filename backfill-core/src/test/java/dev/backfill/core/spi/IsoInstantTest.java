package dev.backfill.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_9999_END = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
  private static final String[] PATTERNS = {
      "uuuu-MM-dd'T'HH:mm:ss'Z'", "uuuu-MM-dd'T'HH:mm:ss.S'Z'", "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'",
      "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'"};

  @Property
  void readsEveryProviderFormOfAnInstantAsInstantParseDoes(@ForAll("instants") Instant instant, @ForAll @IntRange(max = 5) int form) {
    String text = form == PATTERNS.length ? instant.toString()
        : DateTimeFormatter.ofPattern(PATTERNS[form]).withZone(ZoneOffset.UTC).format(instant);

    assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
  }

  @Property
  void acceptsAndRejectsExactlyWhatInstantParseDoes(@ForAll("instants") Instant instant, @ForAll @IntRange(max = 29) int position,
      @ForAll("instantCharacters") char replacement) {
    String valid = DateTimeFormatter.ofPattern(PATTERNS[3]).withZone(ZoneOffset.UTC).format(instant);
    String text = valid.substring(0, Math.min(position, valid.length() - 1)) + replacement
        + valid.substring(Math.min(position, valid.length() - 1) + 1);

    Object expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException rejected) {
      expected = DateTimeParseException.class;
    }
    Object actual;
    try {
      actual = IsoInstant.parse(text);
    } catch (DateTimeParseException rejected) {
      actual = DateTimeParseException.class;
    }
    assertThat(actual).as(text).isEqualTo(expected);
  }

  @Test
  void leavesTheUnusualFormsToInstantParse() {
    assertThat(IsoInstant.parse("2026-11-23T23:59:60Z")).isEqualTo(Instant.parse("2026-11-23T23:59:60Z"));
    assertThat(IsoInstant.parse("2026-11-23t12:00:00z")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    assertThat(IsoInstant.parse("2026-11-23T12:00:00+01:00")).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
    assertThat(IsoInstant.parse("2026-11-23T12:00:00.Z")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    assertThatThrownBy(() -> IsoInstant.parse("2026-02-30T12:00:00Z")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> IsoInstant.parse("2026-11-23T12:00:00.1234567890Z")).isInstanceOf(DateTimeParseException.class);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(YEAR_0, YEAR_9999_END)
        .flatMap(second -> Arbitraries.integers().between(0, 999_999_999).map(nanos -> Instant.ofEpochSecond(second, nanos)));
  }

  @Provide
  Arbitrary<Character> instantCharacters() {
    return Arbitraries.of('0', '1', '2', '3', '5', '9', '-', ':', '.', 'T', 'Z', 't', 'z', '+', ' ', 'x');
  }
}
