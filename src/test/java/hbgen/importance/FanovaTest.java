package hbgen.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FanovaTest {
  static final double[] UNIT_LO = {0, 0, 0};
  static final double[] UNIT_HI = {1, 1, 1};
  static final List<int[]> THREE = List.of(new int[] {0}, new int[] {1}, new int[] {2});

  /** x0 + 2·x1 with each x rounded to 0 or 1 at 0.5: a tree whose main effects are known exactly. */
  static Tree additiveStep() {
    // 0: x0 <= .5 ? 1 : 4; 1: x1 <= .5 ? 2 : 3 (leaves 0, 2); 4: x1 <= .5 ? 5 : 6 (leaves 1, 3)
    return new Tree(new int[] {0, 1, -1, -1, 1, -1, -1}, new double[] {.5, .5, 0, 0, .5, 0, 0},
        new int[] {1, 2, -1, -1, 5, -1, -1}, new int[] {4, 3, -1, -1, 6, -1, -1}, new double[] {0, 0, 0, 2, 0, 1, 3});
  }

  @Test
  void aTreeOfTwoAdditiveStepsSplitsItsVarianceOneToFour() {
    // Var(x0 part) = 1/4, Var(2·x1 part) = 1, total 5/4: fractions 0.2 and 0.8, the third column none.
    List<Fanova.Share> s = Fanova.shares(List.of(additiveStep()), UNIT_LO, UNIT_HI, THREE).orElseThrow();
    assertThat(s.get(0).mean()).isCloseTo(0.2, within(1e-12));
    assertThat(s.get(1).mean()).isCloseTo(0.8, within(1e-12));
    assertThat(s.get(2).mean()).isZero();
    assertThat(s.get(0).std()).isZero();
  }

  @Test
  void theBoundsWeightTheCellsByTheirVolume() {
    // x0 on [0, 2] splits at 0.5: the right cell holds 3/4 of the volume. Values 0 (1/4) and 1 (3/4).
    Tree t = new Tree(new int[] {0, -1, -1}, new double[] {.5, 0, 0}, new int[] {1, -1, -1}, new int[] {2, -1, -1},
        new double[] {0, 0, 1});
    Fanova.Share s = Fanova.shares(List.of(t, additiveStep()), new double[] {0, 0}, new double[] {2, 1},
        List.of(new int[] {0}, new int[] {1})).orElseThrow().get(0);
    // First tree: all of its variance is x0's. Second: on [0,2]x[0,1] the x0 step has cells 1/4 and 3/4:
    // Var(x0 part) = 3/16, Var(2·x1 part) = 1, total 19/16; fraction 3/19.
    assertThat(s.mean()).isCloseTo((1 + 3.0 / 19) / 2, within(1e-12));
    assertThat(s.std()).isCloseTo((1 - 3.0 / 19) / 2, within(1e-12));
  }

  @Test
  void aCategoryOwningSeveralColumnsIsAssessedOnTheirJointCells() {
    // One-hot columns 0 and 1 of one parameter; the tree reads column 1 only: value 4 when it is 1.
    Tree t = new Tree(new int[] {1, -1, -1}, new double[] {.5, 0, 0}, new int[] {1, -1, -1}, new int[] {2, -1, -1},
        new double[] {0, 0, 4});
    List<Fanova.Share> s = Fanova.shares(List.of(t), UNIT_LO, UNIT_HI, List.of(new int[] {0, 1}, new int[] {2}))
        .orElseThrow();
    assertThat(s.get(0).mean()).isCloseTo(1, within(1e-12));
    assertThat(s.get(1).mean()).isZero();
  }

  @Test
  void treesThatPredictOneValueCannotBeAssessed() {
    Tree leaf = new Tree(new int[] {-1}, new double[] {0}, new int[] {-1}, new int[] {-1}, new double[] {3});
    assertThat(Fanova.shares(List.of(leaf, leaf), UNIT_LO, UNIT_HI, THREE)).isEqualTo(Optional.empty());
  }

  @Test
  void badBoundsAndGroupsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> Fanova.shares(List.of(additiveStep()), new double[] {0, 1}, new double[] {1, 1},
        List.of(new int[] {0}))).hasMessage("column 1 needs finite bounds lo < hi, was [1.0, 1.0]");
    assertThatThrownBy(() -> Fanova.shares(List.of(additiveStep()), UNIT_LO, UNIT_HI, List.of(new int[] {3})))
        .hasMessage("a group needs columns between 0 and 2, was [3]");
  }

  /** The known answer of the design note, on a real forest: y = x0 + 2·x1 with x uniform on the unit square. */
  @Nested
  class OnAForest {
    static final int ROWS = 500;

    @Test
    void anAdditiveFunctionGetsImportancesOneToFourAndANoiseColumnNearlyNone() {
      SplittableRandom rng = new SplittableRandom(42);
      double[][] x = new double[ROWS][3];
      double[] y = new double[ROWS];
      for (int r = 0; r < ROWS; r++) {
        x[r] = new double[] {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
        y[r] = x[r][0] + 2 * x[r][1];
      }
      List<Tree> trees = new TribuoForest(Forest.Settings.OPTUNA).fit(x, y, 7);
      List<Fanova.Share> s = Fanova.shares(trees, UNIT_LO, UNIT_HI, THREE).orElseThrow();
      double sum = s.stream().mapToDouble(Fanova.Share::mean).sum();
      double[] importance = s.stream().mapToDouble(v -> v.mean() / sum).toArray();
      System.out.printf("y = x0 + 2 x1 (%d rows): importances %.4f %.4f %.4f, raw shares %.4f %.4f %.4f%n", ROWS,
          importance[0], importance[1], importance[2], s.get(0).mean(), s.get(1).mean(), s.get(2).mean());
      assertThat(importance[0]).isCloseTo(0.2, within(0.05));
      assertThat(importance[1]).isCloseTo(0.8, within(0.05));
      assertThat(importance[2]).isLessThan(0.01);
    }
  }
}
