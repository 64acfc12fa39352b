package dev.backfill.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.spi.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CoverageTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Window hours(int from, int to) {
    return Window.of(T0.plusSeconds(3600L * from), T0.plusSeconds(3600L * to));
  }

  @Test
  void mergesOverlappingAndTouchingRangesButKeepsSeparateOnesApart() {
    List<Window> covered = Coverage.merge(List.of(hours(0, 2)), hours(5, 7));
    covered = Coverage.merge(covered, hours(2, 3));
    covered = Coverage.merge(covered, hours(6, 9));

    assertThat(covered).containsExactly(hours(0, 3), hours(5, 9));
  }

  @Test
  void gapsAreTheUncoveredPartsNewestFirst() {
    List<Window> covered = List.of(hours(2, 4), hours(6, 8));

    assertThat(Coverage.gaps(hours(0, 10), covered)).containsExactly(hours(8, 10), hours(4, 6), hours(0, 2));
    assertThat(Coverage.gaps(hours(3, 7), covered)).containsExactly(hours(4, 6));
    assertThat(Coverage.gaps(hours(2, 4), covered)).isEmpty();
  }

  @Property
  void gapsAndCoveredTogetherAreExactlyTheRequestedRange(@ForAll("ranges") List<Window> covering, @ForAll("range") Window requested) {
    List<Window> covered = List.of();
    for (Window range : covering) {
      covered = Coverage.merge(covered, range);
    }

    List<Window> gaps = Coverage.gaps(requested, covered);

    for (int hour = -1; hour <= 100; hour++) {
      Instant at = T0.plusSeconds(3600L * hour);
      boolean inCovered = covered.stream().anyMatch(range -> range.contains(at));
      boolean inGap = gaps.stream().anyMatch(range -> range.contains(at));
      assertThat(inGap).as("hour %d", hour).isEqualTo(requested.contains(at) && !inCovered);
    }
    assertThat(Coverage.merge(covered, requested)).isEqualTo(mergeAll(covered, gaps));
    for (int i = 1; i < covered.size(); i++) {
      assertThat(covered.get(i).since()).isAfter(covered.get(i - 1).until());
    }
  }

  private static List<Window> mergeAll(List<Window> covered, List<Window> more) {
    List<Window> all = new ArrayList<>(covered);
    List<Window> merged = List.of();
    all.addAll(more);
    for (Window range : all) {
      merged = Coverage.merge(merged, range);
    }
    return merged;
  }

  @Provide
  Arbitrary<Window> range() {
    return Combinators.combine(Arbitraries.integers().between(0, 98), Arbitraries.integers().between(1, 30))
        .as((from, length) -> hours(from, Math.min(99, from + length)));
  }

  @Provide
  Arbitrary<List<Window>> ranges() {
    return range().list().ofMaxSize(6);
  }
}
