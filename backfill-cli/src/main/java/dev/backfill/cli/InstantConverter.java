package dev.backfill.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an instant option as {@code 2026-11-20T10:00:00Z}, with an offset ({@code +01:00}), or a date ({@code 2026-11-20}, midnight UTC). */
final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    String text = value.trim();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException invalid) {
      throw new TypeConversionException("'" + value + "' is not an instant; give 2026-11-20T10:00:00Z, 2026-11-20T11:00:00+01:00 or 2026-11-20");
    }
  }
}
