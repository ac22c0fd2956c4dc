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
}
