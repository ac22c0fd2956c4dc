package hbgen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KdeTest {
  @Test
  void bandwidthIsTheNormalReferenceRule() {
    Kde kde = Kde.fit(new double[][] {{0.1}, {0.2}, {0.3}, {0.4}}, new int[] {0}, 1e-3);
    double sd = Math.sqrt(0.0125); // population sd of 0.1..0.4
    assertThat(kde.bandwidth(0)).isCloseTo(1.06 * sd * Math.pow(4, -1.0 / 5), within(1e-15));
  }

  @Test
  void identicalValuesKeepTheMinimumBandwidth() {
    Kde kde = Kde.fit(new double[][] {{0.5, 1}, {0.5, 1}, {0.5, 1}}, new int[] {0, 3}, 1e-3);
    assertThat(kde.bandwidth(0)).isEqualTo(1e-3);
    assertThat(kde.bandwidth(1)).isEqualTo(1e-3);
  }

  @Test
  void continuousDensityIsTheMeanOfGaussianKernels() {
    double[][] data = {{0.2}, {0.6}};
    Kde kde = Kde.fit(data, new int[] {0}, 1e-3);
    double h = kde.bandwidth(0);
    double x = 0.35;
    double expected = (phi((x - 0.2) / h) + phi((x - 0.6) / h)) / (2 * h);
    assertThat(Math.exp(kde.logDensity(new double[] {x}))).isCloseTo(expected, within(1e-12));
  }

  @Test
  void aPriorCountsAsThatManyUniformPoints() {
    // Two points in [0, 1] x {0, 1, 2} and a prior of weight 1: density 1 * 1/3 on the
    // categorical dimension, mixed in as a third of the total.
    double[][] data = {{0.2, 0}, {0.6, 2}};
    int[] levels = {0, 3};
    Kde plain = Kde.fit(data, levels, 1e-3);
    Kde withPrior = Kde.fit(data, levels, 1e-3, 1);
    for (double[] x : new double[][] {{0.2, 0}, {0.35, 1}, {0.99, 2}}) {
      double expected = (2 * Math.exp(plain.logDensity(x)) + 1.0 / 3) / 3;
      assertThat(Math.exp(withPrior.logDensity(x))).isCloseTo(expected, within(1e-12));
    }
    // Far from two close points the kernels alone give nearly nothing; the prior keeps a third of
    // the uniform density, 1/3 * 1/3.
    double[][] close = {{0.2, 0}, {0.22, 0}};
    double[] far = {0.9, 1};
    assertThat(Math.exp(Kde.fit(close, levels, 1e-3).logDensity(far))).isLessThan(1e-12);
    assertThat(Math.exp(Kde.fit(close, levels, 1e-3, 1).logDensity(far))).isCloseTo(1.0 / 9, within(1e-9));
    assertThatThrownBy(() -> Kde.fit(data, levels, 1e-3, -0.5)).hasMessage("prior weight must be a finite number >= 0, was -0.5");
  }

  private static double phi(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  @Test
  void categoricalKernelSpreadsOverEveryChoiceNotOnlyTheObservedOnes() {
    // Five choices, the data only ever took codes 0 and 1: the three others still get h / (c - 1).
    double[][] data = {{0}, {0}, {0}, {1}, {0}, {1}};
    Kde kde = Kde.fit(data, new int[] {5}, 1e-3);
    double h = kde.bandwidth(0);
    double total = 0;
    for (int code = 0; code < 5; code++) {
      total += Math.exp(kde.logDensity(new double[] {code}));
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
    assertThat(Math.exp(kde.logDensity(new double[] {4}))).isCloseTo(h / 4, within(1e-15)).isPositive();
    assertThat(Math.exp(kde.logDensity(new double[] {0}))).isCloseTo((4 * (1 - h) + 2 * h / 4) / 6, within(1e-12));
  }

  @Test
  void categoricalBandwidthStopsWhereTheKernelIsUniform() {
    // Codes spread 0..9: the normal-reference rule on codes gives far more than (c-1)/c.
    double[][] data = new double[10][];
    for (int i = 0; i < 10; i++) {
      data[i] = new double[] {i};
    }
    Kde kde = Kde.fit(data, new int[] {10}, 1e-3);
    assertThat(kde.bandwidth(0)).isEqualTo(0.9);
    assertThat(Math.exp(kde.logDensity(new double[] {3}))).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void densityDoesNotUnderflowFarFromEveryPoint() {
    double[][] data = new double[20][];
    for (int i = 0; i < 20; i++) {
      data[i] = new double[] {0.001 * (i % 2), 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }
    int[] levels = new int[10];
    Kde kde = Kde.fit(data, levels, 1e-3);
    double far = kde.logDensity(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    assertThat(far).isFinite().isLessThan(-1e5);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void drawsNearAPointStayInsideTheCubeAndOnValidCodes(long seed) {
    RandomGenerator rng = new Well19937c(seed);
    double[][] data = {{0.0, 0, 1.0}, {1.0, 2, 0.999}, {0.5, 1, 0.0}};
    Kde kde = Kde.fit(data, new int[] {0, 3, 0}, 1e-3);
    for (int i = 0; i < 500; i++) {
      double[] x = kde.drawNear(i % 3, 3, rng);
      assertThat(x[0]).isBetween(0.0, 1.0);
      assertThat(x[2]).isBetween(0.0, 1.0);
      assertThat(x[1]).isIn(0.0, 1.0, 2.0);
    }
  }

  @Test
  void drawsNearAPointReachEveryChoiceNotOnlyTheObservedOnes() {
    RandomGenerator rng = new Well19937c(3);
    Kde kde = Kde.fit(new double[][] {{0}, {1}, {0}, {1}}, new int[] {6}, 1e-3);
    java.util.Set<Double> codes = new java.util.TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      codes.add(kde.drawNear(i % 4, 3, rng)[0]);
    }
    assertThat(codes).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0);
  }

  @Test
  void truncatedNormalAtAnEdgeIsAHalfNormal() {
    RandomGenerator rng = new Well19937c(42);
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double x = Kde.truncatedNormal(0, 0.1, rng);
      assertThat(x).isBetween(0.0, 1.0);
      sum += x;
    }
    // Mean of a half-normal: s * sqrt(2 / pi) = 0.0798; its standard error here is about 0.0004.
    assertThat(sum / n).isCloseTo(0.1 * Math.sqrt(2 / Math.PI), within(0.002));
  }

  @Test
  void pointsOutsideTheCubeOrOffTheCodesAreRefused() {
    assertThatThrownBy(() -> Kde.fit(new double[][] {{1.5}}, new int[] {0}, 1e-3))
        .hasMessage("point 0 coordinate 0 is 1.5, expected a number in [0, 1]");
    assertThatThrownBy(() -> Kde.fit(new double[][] {{3}}, new int[] {3}, 1e-3))
        .hasMessage("point 0 coordinate 0 is 3.0, expected a code 0..2");
    assertThatThrownBy(() -> Kde.fit(new double[][] {{Double.NaN}}, new int[] {0}, 1e-3))
        .hasMessage("point 0 coordinate 0 is NaN, expected a number in [0, 1]");
  }
}
