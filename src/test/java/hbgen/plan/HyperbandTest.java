package hbgen.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HyperbandTest {
  private static List<Long> firstStageConfigs(Plan p) {
    return p.brackets().stream().map(b -> b.stages().get(0).configs()).toList();
  }

  private static List<Double> firstStageBudgets(Plan p) {
    return p.brackets().stream().map(b -> b.stages().get(0).budget()).toList();
  }

  @Nested
  class PaperTable {
    @Test
    void matchesLiEtAlTableForR81Eta3() {
      Plan p = Hyperband.plan(4, 3, 0, Set.of(), -1);
      assertThat(firstStageConfigs(p)).containsExactly(81L, 34L, 15L, 8L, 5L);
      assertThat(firstStageBudgets(p)).containsExactly(1.0, 3.0, 9.0, 27.0, 81.0);
      // bracket s=4 of the paper's table 1: 81,27,9,3,1 configurations at 1,3,9,27,81
      assertThat(p.bracket(0).stages()).extracting(Stage::configs).containsExactly(81L, 27L, 9L, 3L, 1L);
      assertThat(p.bracket(0).stages()).extracting(Stage::budget).containsExactly(1.0, 3.0, 9.0, 27.0, 81.0);
      assertThat(p.bracket(1).stages()).extracting(Stage::configs).containsExactly(34L, 11L, 3L, 1L);
      assertThat(p.bracket(2).stages()).extracting(Stage::configs).containsExactly(15L, 5L, 1L);
      assertThat(p.bracket(3).stages()).extracting(Stage::configs).containsExactly(8L, 2L);
      assertThat(p.bracket(4).stages()).extracting(Stage::configs).containsExactly(5L);
    }

    @Test
    void keepsEveryBracketWhereFloatLogsLoseOne() {
      // R=243, eta=3: log(243)/log(3) = 4.999... in floating point
      assertThat(Hyperband.plan(5, 3, 0, Set.of(), -1).brackets()).hasSize(6);
      // R=1000, eta=10: log10 is exact but log(1000)/log(10) = 2.9999999999999996
      assertThat(Hyperband.plan(3, 10, 0, Set.of(), -1).brackets()).hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({"0,2", "1,2", "3,3", "5,3", "4,4", "2,10", "6,2"})
    void everyStageKeepsOneEtaThOfThePreviousAndMultipliesTheBudgetByEta(int sMax, int eta) {
      Plan p = Hyperband.plan(sMax, eta, 0, Set.of(), -1);
      long r = (long) Math.pow(eta, sMax);
      for (Bracket b : p.brackets()) {
        assertThat(b.last().budget()).isEqualTo((double) r);
        for (int j = 1; j < b.stages().size(); j++) {
          assertThat(b.stages().get(j).configs()).isEqualTo(b.stages().get(0).configs() / (long) Math.pow(eta, j));
          assertThat(b.stages().get(j).budget()).isEqualTo(b.stages().get(j - 1).budget() * eta);
          assertThat(b.stages().get(j).previousBudget()).isEqualTo(b.stages().get(j - 1).budget());
        }
      }
    }
  }

  @Nested
  class Options {
    @Test
    void guaranteedBudgetIsAddedToEveryStage() {
      Plan p = Hyperband.plan(2, 3, 0.5, Set.of(), -1);
      assertThat(p.bracket(0).stages()).extracting(Stage::budget).containsExactly(1.5, 3.5, 9.5);
      assertThat(p.bracket(0).stages()).extracting(Stage::previousBudget).containsExactly(0.0, 1.5, 3.5);
    }

    @Test
    void bracketKeepsOnlyTheChosenBracketsWithTheirIndices() {
      Plan p = Hyperband.plan(4, 3, 0, Set.of(1, 3), -1);
      assertThat(p.brackets()).extracting(Bracket::index).containsExactly(1, 3);
      assertThat(p.bracket(3).stages().get(0).configs()).isEqualTo(8);
    }

    @Test
    void lastStageCutsEveryBracketAfterIt() {
      Plan p = Hyperband.plan(4, 3, 0, Set.of(), 1);
      assertThat(p.brackets()).extracting(b -> b.stages().size()).containsExactly(2, 2, 2, 2, 1);
      assertThat(Hyperband.plan(4, 3, 0, Set.of(), 0).trials()).isEqualTo(81 + 34 + 15 + 8 + 5);
    }
  }

  @Nested
  class BadInput {
    @Test
    void rejectsNegativeSMax() {
      assertThatThrownBy(() -> Hyperband.plan(-1, 3, 0, Set.of(), -1)).hasMessage("S_MAX must be >= 0, was -1");
    }

    @Test
    void rejectsEtaBelowTwo() {
      assertThatThrownBy(() -> Hyperband.plan(2, 1, 0, Set.of(), -1)).hasMessage("ETA must be >= 2, was 1");
    }

    @Test
    void rejectsABracketOutsideThePlan() {
      assertThatThrownBy(() -> Hyperband.plan(2, 3, 0, Set.of(3), -1))
          .hasMessage("--bracket must be between 0 and S_MAX=2, was 3");
    }

    @Test
    void reportsOverflowOfR() {
      assertThatThrownBy(() -> Hyperband.plan(40, 3, 0, Set.of(), -1))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("R = ETA^S_MAX overflows");
    }
  }

  @Nested
  class Printing {
    @Test
    void printsTheSpecFormatWithCosts() {
      Plan p = Hyperband.plan(5, 3, 0, Set.of(), -1);
      String text = PlanText.render(p, new CostModel(2, 10, 0.0028), false);
      assertThat(text).startsWith("Hyperband Search (cost: ");
      assertThat(text.lines().filter(l -> l.startsWith("  Bracket "))).hasSize(6);
      assertThat(text).contains("  Bracket 1 (cost: 67.44)\n    Stage 0 - 98 configurations each with budget 3.0 (cost: 14.82)\n");
    }

    @Test
    void costsAreBudgetTimesConfigurationsWithoutATimeUnit() {
      Plan p = Hyperband.plan(1, 2, 0, Set.of(), -1);
      assertThat(PlanText.render(p, CostModel.units(), false)).isEqualTo(
          "Hyperband Search (cost: 8.00)\n"
              + "  Bracket 0 (cost: 4.00)\n"
              + "    Stage 0 - 2 configurations each with budget 1.0 (cost: 2.00)\n"
              + "    Stage 1 - 1 configurations each with budget 2.0 (cost: 2.00)\n"
              + "  Bracket 1 (cost: 4.00)\n"
              + "    Stage 0 - 2 configurations each with budget 2.0 (cost: 4.00)\n");
    }

    @Test
    void resumingFromCheckpointsCostsOnlyTheNewBudget() {
      Plan p = Hyperband.plan(4, 3, 0, Set.of(), -1);
      assertThat(CostModel.units().plan(p, false)).isEqualTo(1902.0);
      assertThat(CostModel.units().plan(p, true)).isEqualTo(1581.0);
      assertThat(PlanText.render("Hyperband", p, CostModel.units(), true))
          .startsWith("Hyperband Search (cost: 1581.00 resuming from checkpoints, 1902.00 from scratch)\n")
          .contains("    Stage 1 - 27 configurations each with budget 3.0, 2.0 of it new (cost: 54.00)\n");
    }

    @Test
    void oneFoldCountsTheWholeEpoch() {
      assertThat(new CostModel(1, 1, 2.0).unit()).isEqualTo(2.0);
      assertThat(new CostModel(2, 10, 1.0).unit()).isEqualTo(18.0);
    }
  }

  @Nested
  class Iterations {
    /** S_MAX, ETA, K, --bracket (or -1), bracket indices, their s values, stage-0 configs, iterations of each. */
    @ParameterizedTest(name = "generate {0} {1} --iterations {2} --bracket {3}")
    @CsvSource(delimiter = '|', value = {
        "1 | 3 | 1 | -1 | 0 1             | 1 0             | 3 2             | 0 0",
        "1 | 3 | 2 | -1 | 0 1 2 3         | 1 0 1 0         | 3 2 3 2         | 0 0 1 1",
        "2 | 3 | 2 | -1 | 0 1 2 3 4 5     | 2 1 0 2 1 0     | 9 5 3 9 5 3     | 0 0 0 1 1 1",
        "4 | 3 | 3 | -1 | 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 | 4 3 2 1 0 4 3 2 1 0 4 3 2 1 0 | 81 34 15 8 5 81 34 15 8 5 81 34 15 8 5 | 0 0 0 0 0 1 1 1 1 1 2 2 2 2 2",
        "2 | 2 | 3 | 1  | 1 4 7           | 1 1 1           | 3 3 3           | 0 1 2",
        "0 | 2 | 3 | -1 | 0 1 2           | 0 0 0           | 1 1 1           | 0 1 2"})
    void iterationKsBracketIIsBracketKTimesSMaxPlusOnePlusI(int sMax, int eta, int k, int only, String indices,
        String s, String configs, String iterations) {
      Plan p = Hyperband.plan(sMax, eta, 0, only < 0 ? Set.of() : Set.of(only), -1, k);
      assertThat(p.brackets()).extracting(Bracket::index).containsExactlyElementsOf(ints(indices));
      assertThat(p.brackets()).extracting(Bracket::s).containsExactlyElementsOf(ints(s));
      assertThat(firstStageConfigs(p)).containsExactlyElementsOf(ints(configs).stream().map(Long::valueOf).toList());
      assertThat(p.brackets()).extracting(p::iteration).containsExactlyElementsOf(ints(iterations));
      assertThat(p.iterations()).isEqualTo(k);
      Plan one = Hyperband.plan(sMax, eta, 0, only < 0 ? Set.of() : Set.of(only), -1);
      for (int it = 0; it < k; it++) {
        assertThat(p.brackets(it)).extracting(Bracket::stages).containsExactlyElementsOf(
            one.brackets().stream().map(Bracket::stages).toList());
      }
      assertThat(CostModel.units().plan(p, false)).isEqualTo(k * CostModel.units().plan(one, false));
    }

    private static List<Integer> ints(String text) {
      return java.util.Arrays.stream(text.trim().split(" +")).map(Integer::valueOf).toList();
    }

    @Test
    void oneIterationIsThePlanOfAlgorithmOne() {
      assertThat(Hyperband.plan(4, 3, 0.5, Set.of(), 2, 1)).isEqualTo(Hyperband.plan(4, 3, 0.5, Set.of(), 2));
      assertThat(Hyperband.plan(4, 3, 0, Set.of(), -1).iterations()).isEqualTo(1);
      assertThat(Hyperband.singleStage(5, 2).iterations()).isEqualTo(1);
    }

    @Test
    void refusesIterationsOutOfRange() {
      assertThatThrownBy(() -> Hyperband.plan(2, 3, 0, Set.of(), -1, 0))
          .hasMessage("--iterations must be between 1 and 10000, was 0");
      assertThatThrownBy(() -> Hyperband.plan(2, 3, 0, Set.of(), -1, 10_001))
          .hasMessage("--iterations must be between 1 and 10000, was 10001");
    }

    @Test
    void thePrintedPlanShowsEachIterationAndTheTotal() {
      String text = PlanText.render(Hyperband.plan(1, 3, 0, Set.of(), -1, 2), CostModel.units(), false);
      assertThat(text).isEqualTo("""
          Hyperband Search, 2 iterations (cost: 24.00)
            Iteration 0 (cost: 12.00)
              Bracket 0 (cost: 6.00)
                Stage 0 - 3 configurations each with budget 1.0 (cost: 3.00)
                Stage 1 - 1 configurations each with budget 3.0 (cost: 3.00)
              Bracket 1 (cost: 6.00)
                Stage 0 - 2 configurations each with budget 3.0 (cost: 6.00)
            Iteration 1 (cost: 12.00)
              Bracket 2 (cost: 6.00)
                Stage 0 - 3 configurations each with budget 1.0 (cost: 3.00)
                Stage 1 - 1 configurations each with budget 3.0 (cost: 3.00)
              Bracket 3 (cost: 6.00)
                Stage 0 - 2 configurations each with budget 3.0 (cost: 6.00)
          """);
      String resumed = PlanText.render(Hyperband.plan(1, 3, 0, Set.of(), -1, 2), CostModel.units(), true);
      assertThat(resumed).startsWith("Hyperband Search, 2 iterations (cost: 22.00 resuming from checkpoints, 24.00 from scratch)\n"
          + "  Iteration 0 (cost: 11.00)\n    Bracket 0 (cost: 5.00)\n      Stage 0 - 3 configurations each with budget 1.0 (cost: 3.00)\n"
          + "      Stage 1 - 1 configurations each with budget 3.0, 2.0 of it new (cost: 2.00)\n");
    }
  }
}
