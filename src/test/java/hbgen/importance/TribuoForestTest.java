package hbgen.importance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TribuoForestTest {
  static double[][] x(int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[rows][2];
    for (double[] row : x) {
      row[0] = rng.nextDouble();
      row[1] = rng.nextInt(3);
    }
    return x;
  }

  static double[] y(double[][] x) {
    double[] y = new double[x.length];
    for (int r = 0; r < x.length; r++) {
      y[r] = x[r][0] > 0.5 ? 10 + x[r][1] : x[r][1];
    }
    return y;
  }

  @Test
  void sixtyFourTreesTheSameForTheSameSeedAndOthersForAnother() {
    double[][] x = x(40, 1);
    Forest forest = new TribuoForest(Forest.Settings.OPTUNA);
    List<Tree> a = forest.fit(x, y(x), 5);
    assertThat(a).hasSize(64);
    assertThat(forest.fit(x, y(x), 5)).isEqualTo(a);
    assertThat(forest.fit(x, y(x), 6)).isNotEqualTo(a);
  }

  @Test
  void eachTreeSplitsHalfWayBetweenValuesAndItsLeavesAreMeansOfTheTargets() {
    double[][] x = {{0}, {1}, {2}, {3}};
    double[] y = {5, 5, 9, 9};
    List<Tree> trees = new TribuoForest(Forest.Settings.OPTUNA).fit(x, y, 3);
    // A tree whose bootstrap sample drew both targets splits once, half-way between the largest x
    // it drew with y 5 (0 or 1) and the smallest with y 9 (2 or 3); one that drew a single target
    // is a leaf predicting it.
    assertThat(trees).filteredOn(t -> t.size() > 1).isNotEmpty().allSatisfy(t -> {
      assertThat(t.size()).isEqualTo(3);
      assertThat(t.feature()[0]).isZero();
      assertThat(t.threshold()[0]).isIn(1.0, 1.5, 2.0);
      assertThat(t.predict(new double[] {0})).isEqualTo(5);
      assertThat(t.predict(new double[] {3})).isEqualTo(9);
    });
    assertThat(trees).anySatisfy(t -> assertThat(t.threshold()[0]).isEqualTo(1.5));
    assertThat(trees).filteredOn(t -> t.size() == 1).allSatisfy(t -> assertThat(t.value()[0]).isIn(5.0, 9.0));
  }

  @Test
  void aDeepEnoughForestFitsItsTrainingRowsAndTheColumnsKeepTheirOrder() {
    double[][] x = x(60, 2);
    double[] y = y(x);
    List<Tree> trees = new TribuoForest(Forest.Settings.OPTUNA).fit(x, y, 1);
    // Every tree's root splits on column 0 at 0.5 (the step of 10), whichever rows it drew.
    assertThat(trees).allSatisfy(t -> {
      assertThat(t.feature()[0]).isZero();
      assertThat(t.threshold()[0]).isBetween(0.4, 0.6);
    });
    double mean = 0;
    for (int r = 0; r < x.length; r++) {
      double[] row = x[r];
      mean += Math.abs(trees.stream().mapToDouble(t -> t.predict(row)).average().orElseThrow() - y[r]);
    }
    assertThat(mean / x.length).isLessThan(0.5);
  }

  @Test
  void tribuoLogsNothingBelowWarningWhileTraining() {
    Logger tribuo = Logger.getLogger("org.tribuo");
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override public void publish(LogRecord r) {
        records.add(r);
      }

      @Override public void flush() {}

      @Override public void close() {}
    };
    tribuo.addHandler(handler);
    try {
      double[][] x = x(20, 3);
      new TribuoForest(new Forest.Settings(3, 64, 2)).fit(x, y(x), 1);
    } finally {
      tribuo.removeHandler(handler);
    }
    assertThat(tribuo.getLevel()).isEqualTo(Level.WARNING);
    assertThat(records).isEmpty();
  }
}
