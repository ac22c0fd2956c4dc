package hbgen.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnsTest {
  static final List<Map<String, Object>> ROWS = List.of(
      Map.of("lr", 1.0e-4, "width", 16L, "opt", "sgd", "fixed", 2L, "flag", true),
      Map.of("lr", 1.0e-2, "width", 64L, "opt", "adam", "fixed", 2L, "flag", false, "beta", 0.9),
      Map.of("lr", 1.0e-3, "width", 32L, "opt", "adam", "fixed", 2L, "flag", true));

  @Test
  void numbersAreOneColumnAndLogScaledOnesAreLog10() {
    Columns c = Columns.of(List.of("lr", "width"), Set.of("lr"), ROWS);
    assertThat(c.assessed()).containsExactly("lr", "width");
    assertThat(c.encodings()).containsExactly(Columns.Encoding.LOG10, Columns.Encoding.NUMBER);
    assertThat(c.width()).isEqualTo(2);
    assertThat(c.x()[1][0]).isCloseTo(-2, within(1e-12));
    assertThat(c.x()[2][1]).isEqualTo(32);
    assertThat(c.lo()).containsExactly(-4, 16);
    assertThat(c.hi()[0]).isCloseTo(-2, within(1e-12));
    assertThat(c.hi()[1]).isEqualTo(64);
  }

  @Test
  void categoriesAreOneHotWithAColumnPerValueSeenAsOptunaEncodesThem() {
    Columns c = Columns.of(List.of("opt", "flag"), Set.of(), ROWS);
    assertThat(c.encodings()).containsExactly(Columns.Encoding.ONE_HOT, Columns.Encoding.ONE_HOT);
    assertThat(c.groups()).containsExactly(new int[] {0, 1}, new int[] {2, 3});
    // Columns in the order of the values' text: adam, sgd; false, true.
    assertThat(c.x()).isDeepEqualTo(new double[][] {{0, 1, 0, 1}, {1, 0, 1, 0}, {1, 0, 0, 1}});
    assertThat(c.lo()).containsExactly(0, 0, 0, 0);
    assertThat(c.hi()).containsExactly(1, 1, 1, 1);
  }

  @Test
  void aParameterWithOneValueHasNoColumnAndAMissingOneIsNotAssessed() {
    Columns c = Columns.of(List.of("beta", "fixed", "width"), Set.of(), ROWS);
    assertThat(c.assessed()).containsExactly("width");
    assertThat(c.constant()).containsExactly("fixed");
    assertThat(c.absent()).containsExactly("beta");
    assertThat(c.x()).isDeepEqualTo(new double[][] {{16}, {64}, {32}});
  }

  @Test
  void aLogScaleWithAValueNotAboveZeroStaysRaw() {
    Columns c = Columns.of(List.of("lr"), Set.of("lr"), List.of(Map.of("lr", 0.0), Map.of("lr", 0.1)));
    assertThat(c.encodings()).containsExactly(Columns.Encoding.NUMBER);
    assertThat(c.hi()).containsExactly(0.1);
  }

  @Test
  void aNumberAndTheSameTextAreDifferentCategories() {
    Columns c = Columns.of(List.of("p"), Set.of(), List.of(Map.of("p", 1L), Map.of("p", "1")));
    assertThat(c.encodings()).containsExactly(Columns.Encoding.ONE_HOT);
    assertThat(c.width()).isEqualTo(2);
  }
}
