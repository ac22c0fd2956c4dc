package hbgen.model;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.util.FastMath;

/**
 * A product-kernel density estimate over points of BOHB's model space, as statsmodels'
 * {@code KDEMultivariate} with var types 'c' and 'u' and {@code bw='normal_reference'}: a Gaussian
 * kernel on each dimension in [0, 1] and an Aitchison-Aitken kernel on each unordered one.
 *
 * <p>Two departures, both deliberate: the Aitchison-Aitken kernel spreads over the parameter's real
 * number of choices (statsmodels counts only the values present in the data, so a choice that no
 * good point took got no probability, and HpBandSter's sampler had to special-case it), and an
 * unordered bandwidth is capped at (c-1)/c, where the kernel is already uniform (beyond it the
 * kernel would give the observed value less weight than the others).
 *
 * <p>An optional prior, as Optuna's TPE has one: a uniform density over the model space (1 on
 * every continuous dimension, 1/c on an unordered one) that counts as {@code priorWeight} more
 * points, so that the density never falls below priorWeight / (n + priorWeight) times the uniform
 * one and a handful of points cannot make a region look certain.
 *
 * <p>exp, log and pow come from commons-math3's FastMath, which is plain Java: the same bits on
 * every platform, so that scores, and the proposals they pick, do not depend on the machine.
 */
final class Kde {
  private static final double LOG_SQRT_2PI = 0.5 * FastMath.log(2 * Math.PI);

  private final double[][] data;
  private final int[] levels;
  private final double[] bandwidth;
  /** Continuous: -log h - log sqrt(2 pi); unordered: log(1 - h). */
  private final double[] logSame;
  /** Unordered: log(h / (c - 1)). */
  private final double[] logOther;
  /** Continuous: 1 / h. */
  private final double[] inverse;
  /** Weight of the uniform prior, in points; 0 for none. */
  private final double priorWeight;
  /** log of the uniform prior's density: minus the sum of log c over unordered dimensions. */
  private final double logPrior;

  private Kde(double[][] data, int[] levels, double[] bandwidth, double priorWeight) {
    this.data = data;
    this.levels = levels;
    this.bandwidth = bandwidth;
    this.priorWeight = priorWeight;
    int d = levels.length;
    double lp = 0;
    for (int level : levels) {
      lp -= level == 0 ? 0 : FastMath.log(level);
    }
    logPrior = lp;
    logSame = new double[d];
    logOther = new double[d];
    inverse = new double[d];
    for (int j = 0; j < d; j++) {
      double h = bandwidth[j];
      if (levels[j] == 0) {
        logSame[j] = -FastMath.log(h) - LOG_SQRT_2PI;
        inverse[j] = 1 / h;
      } else {
        logSame[j] = FastMath.log1p(-h);
        logOther[j] = FastMath.log(h / (levels[j] - 1));
      }
    }
  }

  /**
   * Fits the density to {@code data} (rows are points without NaN; unordered coordinates are codes
   * 0..levels-1), with Scott's normal-reference bandwidth 1.06 * sd * n^(-1/(4+d)) per dimension
   * (population standard deviation, as numpy's std), floored at {@code minBandwidth}, without a
   * prior.
   */
  static Kde fit(double[][] data, int[] levels, double minBandwidth) {
    return fit(data, levels, minBandwidth, 0);
  }

  /** {@link #fit(double[][], int[], double)} with a uniform prior of {@code priorWeight} points. */
  static Kde fit(double[][] data, int[] levels, double minBandwidth, double priorWeight) {
    if (!(priorWeight >= 0) || !Double.isFinite(priorWeight)) {
      throw new IllegalArgumentException("prior weight must be a finite number >= 0, was " + priorWeight);
    }
    int n = data.length;
    int d = levels.length;
    if (n == 0) {
      throw new IllegalArgumentException("a density needs at least one point");
    }
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      if (data[i].length != d) {
        throw new IllegalArgumentException("point " + i + " has " + data[i].length + " coordinates, expected " + d);
      }
      copy[i] = data[i].clone();
      for (int j = 0; j < d; j++) {
        double v = copy[i][j];
        boolean ok = levels[j] == 0 ? v >= 0 && v <= 1 : v == Math.rint(v) && v >= 0 && v < levels[j];
        if (!ok) {
          throw new IllegalArgumentException("point " + i + " coordinate " + j + " is " + v
              + (levels[j] == 0 ? ", expected a number in [0, 1]" : ", expected a code 0.." + (levels[j] - 1)));
        }
      }
    }
    double[] bw = new double[d];
    double scale = 1.06 * FastMath.pow(n, -1.0 / (4 + d));
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (double[] row : copy) {
        mean += row[j];
      }
      mean /= n;
      double ss = 0;
      for (double[] row : copy) {
        ss += (row[j] - mean) * (row[j] - mean);
      }
      double h = Math.max(minBandwidth, scale * Math.sqrt(ss / n));
      bw[j] = levels[j] == 0 ? h : Math.min(h, (levels[j] - 1.0) / levels[j]);
    }
    return new Kde(copy, levels.clone(), bw, priorWeight);
  }

  /** How many points the density was fitted to. */
  int size() {
    return data.length;
  }

  /** The bandwidth of dimension {@code j}. */
  double bandwidth(int j) {
    return bandwidth[j];
  }

  /**
   * log of the density at {@code x}, summed over points (and the prior) in log space so that it
   * never underflows.
   */
  double logDensity(double[] x) {
    int n = data.length;
    int d = levels.length;
    double[] terms = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double[] row = data[i];
      double s = 0;
      for (int j = 0; j < d; j++) {
        if (levels[j] == 0) {
          double z = (x[j] - row[j]) * inverse[j];
          s += logSame[j] - 0.5 * z * z;
        } else {
          s += x[j] == row[j] ? logSame[j] : logOther[j];
        }
      }
      terms[i] = s;
      max = Math.max(max, s);
    }
    if (priorWeight > 0) {
      max = Math.max(max, logPrior);
    }
    double sum = priorWeight > 0 ? priorWeight * FastMath.exp(logPrior - max) : 0;
    for (double t : terms) {
      sum += FastMath.exp(t - max);
    }
    return max + FastMath.log(sum) - FastMath.log(n + priorWeight);
  }

  /**
   * A candidate near point {@code row}, as HpBandSter's BOHB draws one: each coordinate in [0, 1]
   * from a normal truncated to [0, 1] around the point's, with the bandwidth times {@code factor};
   * each unordered one keeps the point's code with probability 1 - h and is otherwise uniform over
   * all codes.
   */
  double[] drawNear(int row, double factor, RandomGenerator rng) {
    double[] m = data[row];
    double[] x = new double[m.length];
    for (int j = 0; j < m.length; j++) {
      if (levels[j] == 0) {
        x[j] = truncatedNormal(m[j], factor * bandwidth[j], rng);
      } else {
        x[j] = rng.nextDouble() < 1 - bandwidth[j] ? m[j] : rng.nextInt(levels[j]);
      }
    }
    return x;
  }

  /** A normal draw (mean {@code m}, sd {@code s}) conditioned on [0, 1], by inverting the CDF. */
  static double truncatedNormal(double m, double s, RandomGenerator rng) {
    double low = cdf(-m / s);
    double high = cdf((1 - m) / s);
    double p = low + rng.nextDouble() * (high - low);
    double x = m - s * Math.sqrt(2) * Erf.erfcInv(2 * p);
    return Double.isNaN(x) ? m : Math.min(1, Math.max(0, x));
  }

  private static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }
}
