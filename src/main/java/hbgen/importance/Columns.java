package hbgen.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.util.FastMath;

/**
 * The parameters of some trials as the columns a forest is fitted on, following Optuna's
 * {@code _SearchSpaceTransform} for fANOVA, with two documented differences:
 * <ul>
 *   <li>A parameter whose values are all numbers is one column; it is log10 of the value when the
 *       parameter is on a log scale (hbgen's {@code loguniform} and {@code geomspace}, and choices of
 *       positive numbers spanning three decades, the ones the report plots on a log axis); Optuna
 *       keeps the raw value. The column's bounds are the smallest and largest value of the trials
 *       (Optuna takes the distribution's bounds).
 *   <li>Any other parameter (strings, booleans, mixed) is a category, one-hot encoded as Optuna
 *       does: one column per value seen, 1 in the column of the trial's value, bounds [0, 1].
 * </ul>
 * A parameter missing from some trial (a conditional one) is not assessed, as Optuna assesses only
 * the parameters every trial has (its intersection search space). A parameter with one value in
 * all the trials (a {@code value}, or a choice that drew one option) gets no column; Optuna
 * reports such single-valued parameters with importance 0.
 *
 * <p>Pure: values in, values out.
 */
public final class Columns {
  /** How a parameter is encoded. */
  public enum Encoding {
    /** The number itself. */
    NUMBER,
    /** log10 of the number. */
    LOG10,
    /** One 0/1 column per category. */
    ONE_HOT
  }

  private final List<String> assessed;
  private final List<Encoding> encodings;
  private final List<int[]> groups;
  private final List<String> constant;
  private final List<String> absent;
  private final double[][] x;
  private final double[] lo;
  private final double[] hi;

  private Columns(List<String> assessed, List<Encoding> encodings, List<int[]> groups, List<String> constant,
      List<String> absent, double[][] x, double[] lo, double[] hi) {
    this.assessed = List.copyOf(assessed);
    this.encodings = List.copyOf(encodings);
    this.groups = groups.stream().map(int[]::clone).toList();
    this.constant = List.copyOf(constant);
    this.absent = List.copyOf(absent);
    this.x = x;
    this.lo = lo;
    this.hi = hi;
  }

  /**
   * Encodes {@code rows}.
   *
   * @param parameters the parameters to consider, in the order to report them
   * @param logScale those of them on a log scale
   * @param rows each trial's parameter values (numbers as Long or Double)
   */
  public static Columns of(List<String> parameters, Set<String> logScale, List<Map<String, Object>> rows) {
    List<String> assessed = new ArrayList<>();
    List<Encoding> encodings = new ArrayList<>();
    List<String> constant = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    List<double[]> columns = new ArrayList<>();
    List<int[]> groups = new ArrayList<>();
    for (String p : parameters) {
      List<Object> values = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        values.add(row.get(p));
      }
      if (values.isEmpty() || values.contains(null)) {
        absent.add(p);
        continue;
      }
      boolean numbers = values.stream().allMatch(v -> v instanceof Number n && Double.isFinite(n.doubleValue()));
      List<double[]> mine = new ArrayList<>();
      Encoding encoding;
      if (numbers) {
        boolean log = logScale.contains(p) && values.stream().allMatch(v -> ((Number) v).doubleValue() > 0);
        encoding = log ? Encoding.LOG10 : Encoding.NUMBER;
        double[] col = values.stream().mapToDouble(v -> ((Number) v).doubleValue())
            .map(v -> log ? FastMath.log10(v) : v).toArray();
        if (Arrays.stream(col).distinct().count() > 1) {
          mine.add(col);
        }
      } else {
        encoding = Encoding.ONE_HOT;
        Map<String, Integer> categories = new TreeMap<>();
        values.forEach(v -> categories.put(key(v), 0));
        if (categories.size() > 1) {
          for (String c : categories.keySet()) {
            mine.add(values.stream().mapToDouble(v -> key(v).equals(c) ? 1 : 0).toArray());
          }
        }
      }
      if (mine.isEmpty()) {
        constant.add(p);
        continue;
      }
      int[] group = new int[mine.size()];
      for (int j = 0; j < group.length; j++) {
        group[j] = columns.size();
        columns.add(mine.get(j));
      }
      assessed.add(p);
      encodings.add(encoding);
      groups.add(group);
    }
    double[][] x = new double[rows.size()][columns.size()];
    double[] lo = new double[columns.size()];
    double[] hi = new double[columns.size()];
    for (int d = 0; d < columns.size(); d++) {
      double[] col = columns.get(d);
      lo[d] = Double.POSITIVE_INFINITY;
      hi[d] = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < col.length; r++) {
        x[r][d] = col[r];
        lo[d] = Math.min(lo[d], col[r]);
        hi[d] = Math.max(hi[d], col[r]);
      }
    }
    return new Columns(assessed, encodings, groups, constant, absent, x, lo, hi);
  }

  /** A category's identity: its text, with the type so that 1 (a number) and "1" (a string) differ. */
  private static String key(Object v) {
    return (v instanceof Number ? "n:" : v instanceof String ? "s:" : "o:") + v;
  }

  /** The parameters that have columns, in the order given. */
  public List<String> assessed() {
    return assessed;
  }

  /** The encoding of each assessed parameter. */
  public List<Encoding> encodings() {
    return encodings;
  }

  /** The columns of each assessed parameter. */
  public List<int[]> groups() {
    return groups.stream().map(int[]::clone).toList();
  }

  /** Parameters with one value in every trial: importance 0, as Optuna reports them. */
  public List<String> constant() {
    return constant;
  }

  /** Parameters missing from some trial (conditional ones): not assessed. */
  public List<String> absent() {
    return absent;
  }

  /** The rows, one per trial, one value per column. */
  public double[][] x() {
    double[][] out = new double[x.length][];
    for (int r = 0; r < x.length; r++) {
      out[r] = x[r].clone();
    }
    return out;
  }

  /** Each column's lower bound. */
  public double[] lo() {
    return lo.clone();
  }

  /** Each column's upper bound. */
  public double[] hi() {
    return hi.clone();
  }

  /** Number of columns. */
  public int width() {
    return lo.length;
  }
}
