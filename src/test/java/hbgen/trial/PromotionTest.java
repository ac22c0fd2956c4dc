package hbgen.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromotionTest {
  private static Outcome o(int config, double value) {
    return new Outcome(new TrialId(0, 0, config), 1, value, Double.isNaN(value) ? "nan" : Double.toString(value));
  }

  @Test
  void promotesTheBestInTheSearchDirection() {
    List<Outcome> stage = List.of(o(0, 0.5), o(1, 0.9), o(2, 0.1), o(3, 0.7));
    assertThat(Promotion.of(stage, 2, Direction.MINIMIZE).promoted()).extracting(x -> x.id().config()).containsExactly(2L, 0L);
    assertThat(Promotion.of(stage, 2, Direction.MAXIMIZE).promoted()).extracting(x -> x.id().config()).containsExactly(1L, 3L);
  }

  @Test
  void failedTrialIsNeverPromotedAndTheShortfallIsRecorded() {
    List<Outcome> stage = List.of(o(0, Double.NaN), o(1, 0.3), o(2, Double.NaN));
    Promotion p = Promotion.of(stage, 2, Direction.MAXIMIZE);
    assertThat(p.promoted()).extracting(x -> x.id().config()).containsExactly(1L);
    assertThat(p.shortfall()).isEqualTo(1);
    assertThat(p.ranking()).extracting(x -> x.id().config()).containsExactly(1L, 0L, 2L);
  }

  @Test
  void tiesGoToTheLowerConfigurationIndex() {
    List<Outcome> stage = List.of(o(3, 0.5), o(1, 0.5), o(2, 0.5));
    assertThat(Promotion.of(stage, 2, Direction.MINIMIZE).promoted()).extracting(x -> x.id().config()).containsExactly(1L, 2L);
  }

  static Stream<Arguments> randomStages() {
    Random rng = new Random(20261123);
    return IntStream.range(0, 200).mapToObj(i -> {
      int n = 1 + rng.nextInt(40);
      List<Outcome> stage = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        double v = rng.nextInt(5) == 0 ? Double.NaN : rng.nextInt(10) / 10.0;
        stage.add(o(c, v));
      }
      return Arguments.of(stage, (long) rng.nextInt(n + 2), rng.nextBoolean() ? Direction.MINIMIZE : Direction.MAXIMIZE);
    });
  }

  @ParameterizedTest
  @MethodSource("randomStages")
  void promotedTrialsAreUsableAndNoneLeftOutIsBetter(List<Outcome> stage, long slots, Direction d) {
    Promotion p = Promotion.of(stage, slots, d);
    long usable = stage.stream().filter(Outcome::usable).count();
    assertThat(p.promoted()).hasSize((int) Math.min(slots, usable));
    assertThat(p.promoted()).allMatch(Outcome::usable);
    assertThat(p.shortfall()).isEqualTo(slots - p.promoted().size());
    for (Outcome in : p.promoted()) {
      for (Outcome out : stage) {
        if (!p.promoted().contains(out)) {
          assertThat(Promotion.order(d).compare(in, out)).isNegative();
        }
      }
    }
  }

}
