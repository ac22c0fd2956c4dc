package hbgen.importance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * fANOVA main effects on the trees of a random forest (Hutter, Hoos and Leyton-Brown, "An
 * Efficient Approach for Assessing Hyperparameter Importance", ICML 2014), computed as Optuna's
 * {@code FanovaImportanceEvaluator} does ({@code optuna/importance/_fanova/_tree.py}): each tree's
 * prediction is a piecewise constant function on the box of the columns' bounds; its variance under
 * the uniform distribution on that box is split into the variance of each parameter's marginal
 * (the prediction averaged over every other column). A parameter may own several columns (the
 * one-hot columns of a category); its marginal is then over their joint cells, as in Optuna.
 *
 * <p>Pure: values in, values out. Each column is first rescaled to [0, 1], which changes no fraction
 * (every volume is multiplied by the same factor) and keeps the volumes of many columns from
 * overflowing.
 */
public final class Fanova {
  private Fanova() {}

  /**
   * The share of one parameter in the trees' variance.
   *
   * @param mean the mean over trees (with a non-zero variance) of its marginal variance divided by
   *     the tree's variance, in [0, 1]
   * @param std the standard deviation of that fraction over the same trees
   */
  public record Share(double mean, double std) {
    public Share {
      if (!(mean >= 0) || !(std >= 0)) {
        throw new IllegalArgumentException("a share needs mean and std >= 0, was " + mean + ", " + std);
      }
    }
  }

  /**
   * Each group's share of the variance of {@code trees}, in the order of {@code groups}; empty when
   * no tree varies (every tree predicts one value), so nothing can be assessed (Optuna raises an
   * error then).
   *
   * @param trees trees over the columns 0..lo.length-1
   * @param lo each column's lower bound
   * @param hi each column's upper bound, above its lower bound
   * @param groups the columns of each parameter (a number owns one, a one-hot category several)
   */
  public static Optional<List<Share>> shares(List<Tree> trees, double[] lo, double[] hi, List<int[]> groups) {
    if (lo.length != hi.length) {
      throw new IllegalArgumentException("bounds of different lengths: " + lo.length + " and " + hi.length);
    }
    for (int d = 0; d < lo.length; d++) {
      if (!(Double.isFinite(lo[d]) && Double.isFinite(hi[d]) && lo[d] < hi[d])) {
        throw new IllegalArgumentException("column " + d + " needs finite bounds lo < hi, was [" + lo[d] + ", " + hi[d] + "]");
      }
    }
    for (int[] g : groups) {
      if (g.length == 0 || Arrays.stream(g).anyMatch(d -> d < 0 || d >= lo.length)) {
        throw new IllegalArgumentException("a group needs columns between 0 and " + (lo.length - 1) + ", was "
            + Arrays.toString(g));
      }
    }
    List<Unit> units = trees.stream().map(t -> new Unit(t, lo, hi)).filter(u -> u.variance > 0).toList();
    if (units.isEmpty()) {
      return Optional.empty();
    }
    List<Share> out = new ArrayList<>();
    for (int[] g : groups) {
      double[] fractions = units.stream().mapToDouble(u -> Math.max(0, u.marginalVariance(g)) / u.variance).toArray();
      double mean = Arrays.stream(fractions).average().orElseThrow();
      double sq = Arrays.stream(fractions).map(f -> (f - mean) * (f - mean)).sum() / fractions.length;
      out.add(new Share(Math.max(0, mean), Math.sqrt(sq)));
    }
    return Optional.of(List.copyOf(out));
  }

  /** One tree on the unit cube, with Optuna's precomputed statistics of its nodes. */
  private static final class Unit {
    final int[] feature;
    final double[] threshold;
    final int[] left;
    final int[] right;
    /** Per node: the volume-weighted mean prediction over its box, and its box's volume. */
    final double[] mean;
    final double[] volume;
    /** Per node: the columns split on in its subtree. */
    final BitSet[] active;
    /** Per column: 0, the distinct thresholds on it (sorted), 1. */
    final double[][] cuts;
    final double variance;

    Unit(Tree tree, double[] lo, double[] hi) {
      feature = tree.feature();
      left = tree.left();
      right = tree.right();
      double[] thr = tree.threshold();
      double[] leafValue = tree.value();
      int n = feature.length;
      int columns = lo.length;
      threshold = new double[n];
      for (int i = 0; i < n; i++) {
        if (feature[i] >= columns) {
          throw new IllegalArgumentException("tree splits on column " + feature[i] + " of " + columns);
        }
        threshold[i] = feature[i] < 0 ? 0 : clamp((thr[i] - lo[feature[i]]) / (hi[feature[i]] - lo[feature[i]]));
      }
      mean = new double[n];
      volume = new double[n];
      double[] boxLo = new double[columns];
      double[] boxHi = new double[columns];
      Arrays.fill(boxHi, 1);
      volumes(0, 1, boxLo, boxHi);
      for (int i = n - 1; i >= 0; i--) {
        if (feature[i] < 0) {
          mean[i] = leafValue[i];
        } else {
          double w = volume[left[i]] + volume[right[i]];
          mean[i] = w > 0 ? (volume[left[i]] * mean[left[i]] + volume[right[i]] * mean[right[i]]) / w
              : (mean[left[i]] + mean[right[i]]) / 2;
        }
      }
      active = new BitSet[n];
      for (int i = n - 1; i >= 0; i--) {
        active[i] = new BitSet();
        if (feature[i] >= 0) {
          active[i].set(feature[i]);
          active[i].or(active[left[i]]);
          active[i].or(active[right[i]]);
        }
      }
      List<List<Double>> perColumn = new ArrayList<>();
      for (int d = 0; d < columns; d++) {
        perColumn.add(new ArrayList<>());
      }
      for (int i = 0; i < n; i++) {
        if (feature[i] >= 0) {
          perColumn.get(feature[i]).add(threshold[i]);
        }
      }
      cuts = new double[columns][];
      for (int d = 0; d < columns; d++) {
        double[] inner = perColumn.get(d).stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
        cuts[d] = new double[inner.length + 2];
        System.arraycopy(inner, 0, cuts[d], 1, inner.length);
        cuts[d][inner.length + 1] = 1;
      }
      double total = 0;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        if (feature[i] < 0) {
          total += volume[i];
          sum += volume[i] * leafValue[i];
        }
      }
      double avg = sum / total;
      double v = 0;
      for (int i = 0; i < n; i++) {
        if (feature[i] < 0) {
          v += volume[i] * (leafValue[i] - avg) * (leafValue[i] - avg);
        }
      }
      variance = v / total;
    }

    private static double clamp(double x) {
      return Math.min(1, Math.max(0, x));
    }

    /** Fills {@code volume} for node {@code i} (box volume {@code vol}) and its subtree. */
    private void volumes(int i, double vol, double[] boxLo, double[] boxHi) {
      volume[i] = vol;
      int f = feature[i];
      if (f < 0) {
        return;
      }
      double l = boxLo[f];
      double h = boxHi[f];
      double t = Math.min(h, Math.max(l, threshold[i]));
      double width = h - l;
      boxHi[f] = t;
      volumes(left[i], width > 0 ? vol * (t - l) / width : 0, boxLo, boxHi);
      boxHi[f] = h;
      boxLo[f] = t;
      volumes(right[i], width > 0 ? vol * (h - t) / width : 0, boxLo, boxHi);
      boxLo[f] = l;
    }

    /** The variance of the tree's marginal prediction over the columns {@code s} (Optuna's get_marginal_variance). */
    double marginalVariance(int[] s) {
      int k = s.length;
      int[] at = new int[k];
      BitSet inS = new BitSet();
      for (int d : s) {
        inS.set(d);
      }
      List<double[]> values = new ArrayList<>();
      double[] x = new double[k];
      while (true) {
        double cellSize = 1;
        for (int j = 0; j < k; j++) {
          double[] c = cuts[s[j]];
          x[j] = (c[at[j]] + c[at[j] + 1]) / 2;
          cellSize *= c[at[j] + 1] - c[at[j]];
        }
        double[] vw = marginal(s, inS, x);
        values.add(new double[] {vw[0], vw[1] * cellSize});
        int j = k - 1;
        while (j >= 0 && ++at[j] == cuts[s[j]].length - 1) {
          at[j] = 0;
          j--;
        }
        if (j < 0) {
          break;
        }
      }
      double w = 0;
      double sum = 0;
      for (double[] v : values) {
        w += v[1];
        sum += v[1] * v[0];
      }
      if (!(w > 0)) {
        return 0;
      }
      double avg = sum / w;
      double var = 0;
      for (double[] v : values) {
        var += v[1] * (v[0] - avg) * (v[0] - avg);
      }
      return var / w;
    }

    /**
     * The tree's prediction at {@code x} (on the columns {@code s}) averaged over every other
     * column, and the weight of that average (Optuna's _get_marginalized_statistics).
     */
    private double[] marginal(int[] s, BitSet inS, double[] x) {
      int k = s.length;
      Deque<Object[]> stack = new ArrayDeque<>();
      double[] root = new double[2 * k];
      for (int j = 0; j < k; j++) {
        root[2 * j + 1] = 1;
      }
      stack.push(new Object[] {0, root});
      double w = 0;
      double sum = 0;
      while (!stack.isEmpty()) {
        Object[] top = stack.pop();
        int i = (Integer) top[0];
        double[] box = (double[]) top[1];
        int f = feature[i];
        if (f >= 0) {
          int j = position(s, f);
          if (j >= 0) {
            double[] next = box.clone();
            if (x[j] <= threshold[i]) {
              next[2 * j + 1] = threshold[i];
              stack.push(new Object[] {left[i], next});
            } else {
              next[2 * j] = threshold[i];
              stack.push(new Object[] {right[i], next});
            }
            continue;
          }
          if (active[i].intersects(inS)) {
            stack.push(new Object[] {left[i], box});
            stack.push(new Object[] {right[i], box});
            continue;
          }
        }
        double card = 1;
        for (int jj = 0; jj < k; jj++) {
          card *= box[2 * jj + 1] - box[2 * jj];
        }
        if (card > 0) {
          double wi = volume[i] / card;
          w += wi;
          sum += wi * mean[i];
        }
      }
      return new double[] {w > 0 ? sum / w : 0, w};
    }

    private static int position(int[] s, int f) {
      for (int j = 0; j < s.length; j++) {
        if (s[j] == f) {
          return j;
        }
      }
      return -1;
    }
  }
}
