package hbgen.results;

import hbgen.render.Json;
import hbgen.trial.Direction;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data of the report's charts of where the good region is: the objective by each categorical
 * parameter (boxes), the top trials in parallel coordinates, and the heat map of a grid's means
 * over two varying parameters. No drawing here.
 */
public final class ShapePlots {
  /** Top trials of the parallel-coordinates chart: 10 % of the trials, at least 5 and at most 20. */
  static final int TOP_MIN = 5;
  static final int TOP_MAX = 20;
  /** Faint lines drawn behind the top trials at most (evenly spread over the ranking). */
  static final int FAINT_MAX = 300;
  /** The trials compared are those of the largest budget with at least this many completed. */
  static final int COMPARABLE = 10;

  private ShapePlots() {}

  /**
   * The budget whose completed trials are compared with each other: the largest one with at least
   * {@link #COMPARABLE} completed trials, else the one with the most (the larger on a tie); NaN when
   * no trial has completed. Objectives at different budgets are not comparable.
   */
  static double comparableBudget(SearchResults results) {
    Map<Double, Integer> counts = new TreeMap<>();
    for (Trial t : results.trials()) {
      if (t.state() == TrialState.COMPLETED) {
        counts.merge(t.budget(), 1, Integer::sum);
      }
    }
    double most = Double.NaN;
    int count = 0;
    double enough = Double.NaN;
    for (Map.Entry<Double, Integer> e : counts.entrySet()) {
      if (e.getValue() >= COMPARABLE) {
        enough = e.getKey();
      }
      if (e.getValue() >= count) {
        most = e.getKey();
        count = e.getValue();
      }
    }
    return Double.isNaN(enough) ? most : enough;
  }

  private static List<Trial> completedAt(SearchResults results, double budget) {
    return results.trials().stream().filter(t -> t.state() == TrialState.COMPLETED && t.budget() == budget).toList();
  }

  /** The objective by each value of a categorical parameter: one box per value over the comparable trials. */
  public static List<Plot> categorical(SearchResults results, List<ParameterScale> scales) {
    double budget = comparableBudget(results);
    List<Trial> trials = completedAt(results, budget);
    List<Plot> out = new ArrayList<>();
    int index = 0;
    for (ParameterScale p : scales) {
      if (p.numeric()) {
        continue;
      }
      Map<String, List<Double>> byValue = new TreeMap<>();
      for (Trial t : trials) {
        Object v = t.params().values().get(p.name());
        if (v != null) {
          byValue.computeIfAbsent(ResultsTable.cell(v), k -> new ArrayList<>()).add(t.value());
        }
      }
      if (p.kinds().equals("value") && byValue.size() <= 1) {
        continue;
      }
      List<Plot.Series> series = new ArrayList<>();
      byValue.forEach((value, vs) -> {
        double[] y = vs.stream().mapToDouble(Double::doubleValue).toArray();
        series.add(new Plot.Series(value + " (" + y.length + ")", new double[y.length], y, Plot.Style.BOX));
      });
      String caption = series.isEmpty() ? "No completed trial has a value of " + p.name() + " yet."
          : "Completed trials at budget " + Json.budget(budget) + " (" + trials.size() + "); per value its count, the box from "
              + "the first to the third quartile, the median, whiskers to 1.5 times the box's height.";
      out.add(new Plot("cat-" + (index++), p.name() + " (" + p.kinds() + ")", p.name(),
          ReportPlots.objectiveLabel(results.search()), false, List.of(), series, caption));
    }
    return out;
  }

  /**
   * The top trials in parallel coordinates over the others faded: one axis per parameter that
   * varies among the comparable trials, then the objective, every axis scaled to [0, 1] (log
   * parameters on the log of their value; categorical ones as evenly spaced levels, sorted).
   */
  public static Plot parallel(SearchResults results, List<ParameterScale> scales) {
    double budget = comparableBudget(results);
    Direction direction = results.search().direction();
    List<Trial> trials = new ArrayList<>(completedAt(results, budget));
    Comparator<Trial> byValue = (a, b) -> direction.compare(a.value(), b.value());
    trials.sort(byValue.thenComparingInt(Trial::number));
    List<Axis> axes = new ArrayList<>();
    for (ParameterScale p : scales) {
      Axis a = Axis.of(p, trials);
      if (a != null) {
        axes.add(a);
      }
    }
    String objective = results.search().objective().isEmpty() ? "objective" : results.search().objective();
    List<Plot.Series> series = new ArrayList<>();
    String caption;
    if (trials.size() < 2 || axes.isEmpty()) {
      caption = trials.size() < 2 ? "Needs at least 2 completed trials at one budget; has " + trials.size() + "."
          : "No parameter takes two values in the " + trials.size() + " completed trials at budget " + Json.budget(budget) + ".";
    } else {
      double lo = trials.stream().mapToDouble(Trial::value).min().orElseThrow();
      double hi = trials.stream().mapToDouble(Trial::value).max().orElseThrow();
      int top = Math.min(trials.size(), Math.max(TOP_MIN, Math.min(TOP_MAX, (int) Math.ceil(trials.size() * 0.1))));
      int rest = trials.size() - top;
      int faint = Math.min(rest, FAINT_MAX);
      for (int k = 0; k < faint; k++) {
        Trial t = trials.get(top + (int) ((long) k * rest / faint));
        series.add(line(t, axes, lo, hi, Plot.Style.FAINT));
      }
      for (int k = 0; k < top; k++) {
        Trial t = trials.get(k);
        String name = (k + 1) + ": " + (results.search().plan().brackets().size() > 1 ? "b" + t.id().bracket() + "/s"
            + t.id().stage() + "/c" + t.id().config() : "config-" + t.id().config());
        series.add(line(t, axes, lo, hi, Plot.Style.LINE).renamed(name));
      }
      List<String> ranges = new ArrayList<>();
      axes.forEach(a -> ranges.add(a.range()));
      ranges.add(objective + " " + ReportPage.short4(lo) + " to " + ReportPage.short4(hi));
      caption = "The best " + top + " of " + trials.size() + " completed trials at budget " + Json.budget(budget)
          + " in colour (" + (top > SvgChart.MAX_LEGEND ? "darkest is best" : "legend best first") + "), " + (faint < rest ? faint + " of the other " + rest + " (evenly spread)" : "the other "
          + rest) + " faded. Axes from 0 to 1: " + String.join("; ", ranges) + ".";
    }
    List<String> names = new ArrayList<>();
    axes.forEach(a -> names.add(a.scale().name()));
    names.add(objective);
    return new Plot("parallel", "Parallel coordinates: top trials", "parameter (and the objective, last)",
        "scaled value (0 = lowest, 1 = highest)", false, series.isEmpty() ? List.of() : names, series, caption);
  }

  private static Plot.Series line(Trial t, List<Axis> axes, double lo, double hi, Plot.Style style) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < axes.size(); i++) {
      double v = axes.get(i).scaled(t.params().values().get(axes.get(i).scale().name()));
      if (Double.isFinite(v)) {
        points.add(new double[] {i, v});
      }
    }
    points.add(new double[] {axes.size(), hi > lo ? (t.value() - lo) / (hi - lo) : 0.5});
    double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
    return new Plot.Series(t.id().path(), x, y, style);
  }

  /**
   * One axis of the parallel coordinates: a parameter taking at least two values among the trials.
   *
   * @param scale the parameter
   * @param lo the lowest value (numeric axes; its log on a log axis)
   * @param hi the highest
   * @param levels the sorted values of a categorical axis, else empty
   */
  record Axis(ParameterScale scale, double lo, double hi, List<String> levels) {
    static Axis of(ParameterScale p, List<Trial> trials) {
      boolean numeric = p.numeric();
      TreeSet<String> levels = new TreeSet<>();
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Trial t : trials) {
        Object v = t.params().values().get(p.name());
        if (v == null) {
          continue;
        }
        if (numeric && v instanceof Number n && Double.isFinite(n.doubleValue()) && (!p.log() || n.doubleValue() > 0)) {
          double x = p.log() ? Math.log10(n.doubleValue()) : n.doubleValue();
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        } else {
          numeric = false;
          levels.add(ResultsTable.cell(v));
        }
      }
      if (!numeric || !levels.isEmpty()) {
        for (Trial t : trials) {
          Object v = t.params().values().get(p.name());
          if (v != null) {
            levels.add(ResultsTable.cell(v));
          }
        }
        return levels.size() < 2 ? null : new Axis(p, 0, 0, List.copyOf(levels));
      }
      return hi > lo ? new Axis(p, lo, hi, List.of()) : null;
    }

    /** The value on the axis, in [0, 1]; NaN when the trial has none. */
    double scaled(Object v) {
      if (v == null) {
        return Double.NaN;
      }
      if (!levels.isEmpty()) {
        int i = levels.indexOf(ResultsTable.cell(v));
        return i < 0 ? Double.NaN : (double) i / (levels.size() - 1);
      }
      if (!(v instanceof Number n)) {
        return Double.NaN;
      }
      double x = scale.log() ? Math.log10(n.doubleValue()) : n.doubleValue();
      return Double.isFinite(x) ? (x - lo) / (hi - lo) : Double.NaN;
    }

    /** The axis's range in words, e.g. "lr 1.000e-05 to 0.1 (log)" or "opt: adam, sgd". */
    String range() {
      if (!levels.isEmpty()) {
        return scale.name() + ": " + String.join(", ", levels);
      }
      return scale.log() ? scale.name() + " " + ReportPage.short4(Math.pow(10, lo)) + " to "
          + ReportPage.short4(Math.pow(10, hi)) + " (log)"
          : scale.name() + " " + ReportPage.short4(lo) + " to " + ReportPage.short4(hi);
    }
  }

  /**
   * A grid's mean objective over its two varying parameters, when exactly two vary among its
   * points at {@code budget}; null otherwise. Rows and columns in the parameters' value order.
   */
  public static Plot heatMap(SearchResults results, List<Points.Point> points, double budget) {
    List<Points.Point> at = points.stream().filter(p -> p.budget() == budget && p.count() > 0).toList();
    Map<String, TreeSet<Object>> values = new TreeMap<>();
    at.forEach(p -> p.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>(ShapePlots::compare)).add(v)));
    List<String> varying = values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    if (varying.size() != 2) {
      return null;
    }
    String xName = varying.get(0);
    String yName = varying.get(1);
    List<Object> xs = new ArrayList<>(values.get(xName));
    List<Object> ys = new ArrayList<>(values.get(yName));
    double[][] cells = new double[ys.size()][xs.size()];
    for (double[] row : cells) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    for (Points.Point p : at) {
      cells[ys.indexOf(p.params().get(yName))][xs.indexOf(p.params().get(xName))] = p.mean();
    }
    String objective = results.search().objective().isEmpty() ? "objective" : results.search().objective();
    return new Plot("heatmap", "Mean " + objective + " over " + xName + " and " + yName, xName, yName, false,
        xs.stream().map(ResultsTable::cell).toList(), List.of(),
        "Each cell: the mean " + objective + " (" + results.search().direction().label() + ") of the point's completed "
            + "trials at budget " + Json.budget(budget) + ", yellow the lowest, green the highest; blank where no trial "
            + "completed.",
        new Plot.Cells(ys.stream().map(ResultsTable::cell).toList(), cells));
  }

  /** Numbers by value, before anything else by its text. */
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Number != b instanceof Number) {
      return a instanceof Number ? -1 : 1;
    }
    return ResultsTable.cell(a).compareTo(ResultsTable.cell(b));
  }
}
