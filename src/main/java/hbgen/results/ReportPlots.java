package hbgen.results;

import hbgen.trial.TrialState;
import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.search.SearchDir;
import hbgen.trial.Direction;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The data of the report's charts, computed from a search's results (no drawing here). */
public final class ReportPlots {
  /** Brackets with at most this many configurations get a coloured line (and a legend entry) each. */
  static final int HIGHLIGHT_ALL = 10;
  /** Coloured lines of a larger bracket. */
  static final int HIGHLIGHTED = 5;

  private ReportPlots() {}

  /** The y axis title: the objective and which way is better. */
  public static String objectiveLabel(SearchDir search) {
    return objectiveLabel(search.objective(), search.direction());
  }

  /** The y axis title of an objective ("" for the bare number) and its direction. */
  static String objectiveLabel(String objective, Direction direction) {
    String name = objective.isEmpty() ? "objective" : objective;
    return name + (direction == Direction.MAXIMIZE ? " (higher is better)" : " (lower is better)");
  }

  /**
   * Objective against budget, one chart per bracket, one line per configuration following its
   * promotions (the {@code promoted-from} links) from stage 0 to the last stage it reached.
   */
  public static List<Plot> brackets(SearchResults results) {
    SearchDir search = results.search();
    Map<TrialId, Trial> byId = new HashMap<>();
    Map<TrialId, Trial> child = new HashMap<>();
    results.trials().forEach(t -> byId.put(t.id(), t));
    results.trials().forEach(t -> {
      if (t.promotedFrom() != null && byId.containsKey(t.promotedFrom())) {
        child.put(t.promotedFrom(), t);
      }
    });
    List<Plot> out = new ArrayList<>();
    for (Bracket b : search.plan().brackets()) {
      List<List<Trial>> lineages = new ArrayList<>();
      long failed = 0;
      long waiting = 0;
      for (Trial t : results.trials()) {
        if (t.id().bracket() != b.index()) {
          continue;
        }
        failed += t.state() == TrialState.FAILED ? 1 : 0;
        waiting += t.state().finished() ? 0 : 1;
        if (t.id().stage() != 0) {
          continue;
        }
        List<Trial> done = new ArrayList<>();
        for (Trial x = t; x != null; x = child.get(x.id())) {
          if (x.state() == TrialState.COMPLETED) {
            done.add(x);
          }
        }
        if (!done.isEmpty()) {
          lineages.add(done);
        }
      }
      // Many lines are a fan, not a legend: colour the few that went furthest (best last value
      // first), draw the rest in grey underneath.
      Direction direction = search.direction();
      List<List<Trial>> ranked = new ArrayList<>(lineages);
      ranked.sort(Comparator.<List<Trial>>comparingInt(l -> -l.get(l.size() - 1).id().stage())
          .thenComparing((x, y) -> direction.compare(x.get(x.size() - 1).value(), y.get(y.size() - 1).value()))
          .thenComparingLong(l -> l.get(0).id().config()));
      List<List<Trial>> highlighted = lineages.size() <= HIGHLIGHT_ALL ? lineages : ranked.subList(0, HIGHLIGHTED);
      List<Plot.Series> series = new ArrayList<>();
      for (List<Trial> l : lineages) {
        if (!highlighted.contains(l)) {
          series.add(lineage(results, l, Plot.Style.FAINT));
        }
      }
      for (List<Trial> l : lineages.size() <= HIGHLIGHT_ALL ? lineages : highlighted) {
        series.add(lineage(results, l, Plot.Style.LINE));
      }
      int last = b.stages().size() - 1;
      String caption = series.isEmpty()
          ? "No trial of bracket " + b.index() + " has completed yet."
          : "One line per stage-0 configuration, following its promotions from budget "
              + Json.budget(b.stages().get(0).budget()) + " to " + Json.budget(b.stages().get(last).budget()) + "."
              + (lineages.size() > HIGHLIGHT_ALL ? " The " + HIGHLIGHTED + " that went furthest are coloured, the other "
                  + (lineages.size() - HIGHLIGHTED) + " grey." : "")
              + (failed > 0 ? " " + failed + " failed trial(s) not shown." : "")
              + (waiting > 0 ? " " + waiting + " trial(s) not finished yet." : "");
      List<String> budgets = b.stages().stream().map(s -> Json.budget(s.budget())).toList();
      String iteration = search.plan().iterations() > 1 ? " (iteration " + search.plan().iteration(b) + ")" : "";
      out.add(new Plot("bracket-" + b.index(), "Bracket " + b.index() + iteration + ": objective by budget ("
          + b.stages().get(0).configs() + " configurations, " + b.stages().size() + " stage"
          + (b.stages().size() == 1 ? "" : "s") + ")",
          "budget", objectiveLabel(search), false, budgets, series, caption));
    }
    return out;
  }

  /** A configuration's line; named "(model)" when BOHB's model proposed it. */
  private static Plot.Series lineage(SearchResults results, List<Trial> trials, Plot.Style style) {
    List<double[]> points = new ArrayList<>();
    trials.forEach(x -> points.add(new double[] {x.id().stage(), x.value()}));
    TrialId first = trials.get(0).id();
    boolean model = Boolean.TRUE.equals(results.proposals().get(new TrialId(first.bracket(), 0, first.config())));
    return new Plot.Series("config-" + first.config() + (model ? " (model)" : ""), column(points, 0), column(points, 1), style);
  }

  /**
   * The best objective so far against the cumulative cost of the finished trials, in the order
   * they finished ({@link BestSoFar}). A trial's cost is the plan's: the cost unit of the manifest
   * times its budget; failed trials count too.
   */
  public static Plot progress(SearchResults results) {
    SearchDir search = results.search();
    BestSoFar curve = BestSoFar.of(results, t -> cost(search, t));
    List<Plot.Series> series = new ArrayList<>();
    String caption;
    if (curve.trials().isEmpty()) {
      caption = curve.finished() == 0 ? "No trial has finished yet."
          : "No trial has completed yet (" + curve.finished() + " failed).";
    } else {
      series.add(new Plot.Series("trial", BestSoFar.costs(curve.trials()), BestSoFar.values(curve.trials()),
          Plot.Style.FAINT));
      series.add(new Plot.Series("best so far", BestSoFar.costs(curve.best()), BestSoFar.values(curve.best()),
          Plot.Style.STEP));
      double best = curve.best().get(curve.best().size() - 1).value();
      caption = "Trials in the order they finished; failed trials add to the cost"
          + (resumes(search) ? " (promoted trials only what they add to their parent's budget)" : "") + ". Best "
          + ReportPage.short4(best) + " after a cost of " + Json.budget(round(curve.spent())) + " (" + curve.finished()
          + " of " + results.trials().size() + " trials finished).";
    }
    boolean hours = costHours(search);
    return new Plot("progress", "Best so far against cumulative cost", hours ? "cumulative cost (hours)" : "cumulative budget",
        objectiveLabel(search), false, List.of(), series, caption);
  }

  /**
   * The objective against each numeric parameter over the completed trials, one series per
   * budget; log axes as {@link ParameterScale} says (values <= 0 are left out of a log axis).
   */
  public static List<Plot> parameters(SearchResults results, List<ParameterScale> scales) {
    List<Plot> out = new ArrayList<>();
    int index = 0;
    for (ParameterScale p : scales) {
      if (!p.numeric()) {
        continue;
      }
      Map<Double, List<double[]>> byBudget = new TreeMap<>();
      int dropped = 0;
      for (Trial t : results.trials()) {
        if (t.state() != TrialState.COMPLETED || !(t.params().values().get(p.name()) instanceof Number n)) {
          continue;
        }
        double x = n.doubleValue();
        if (!Double.isFinite(x) || (p.log() && x <= 0)) {
          dropped++;
          continue;
        }
        byBudget.computeIfAbsent(t.budget(), k -> new ArrayList<>()).add(new double[] {x, t.value()});
      }
      List<Plot.Series> series = new ArrayList<>();
      byBudget.forEach((budget, points) -> series.add(
          new Plot.Series("budget " + Json.budget(budget), column(points, 0), column(points, 1), Plot.Style.SCATTER)));
      String caption = series.isEmpty()
          ? "No completed trial has a numeric value of " + p.name() + " yet."
          : "Completed trials, coloured by budget" + (p.log() ? "; log axis" : "") + "."
              + (dropped > 0 ? " " + dropped + " value(s) not shown (not positive on a log axis)." : "");
      out.add(new Plot("param-" + (index++), p.name() + " (" + p.kinds() + ")", p.name() + (p.log() ? " (log scale)" : ""),
          objectiveLabel(results.search()), p.log(), List.of(), series, caption));
    }
    return out;
  }

  /**
   * What a trial cost, as the plan counts it: the cost unit times its budget, or times the budget
   * it added to its parent's when the search resumes promoted trials ({@code resume_from_parent}).
   */
  static double cost(SearchDir search, Trial t) {
    return costUnit(search) * budgetSpent(search, t);
  }

  /** The budget a trial trained, as the plan counts it: its stage's, or what it added to its parent's when resuming. */
  static double budgetSpent(SearchDir search, Trial t) {
    Stage stage = search.stage(t.id());
    return resumes(search) ? stage.budget() - stage.previousBudget() : stage.budget();
  }

  /** The cost of the whole plan, counted the same way. */
  static double plannedCost(SearchDir search) {
    double cost = 0;
    for (Bracket b : search.plan().brackets()) {
      for (Stage s : b.stages()) {
        cost += s.configs() * (resumes(search) ? s.budget() - s.previousBudget() : s.budget());
      }
    }
    return cost * costUnit(search);
  }

  private static boolean resumes(SearchDir search) {
    return Boolean.TRUE.equals(search.manifest().get("resume_from_parent"));
  }

  /** Cost of one budget unit, from the manifest ({@code cost.unit}; 1 when absent). */
  static double costUnit(SearchDir search) {
    if (search.manifest().get("cost") instanceof Map<?, ?> c && c.get("unit") instanceof Number n && n.doubleValue() > 0) {
      return n.doubleValue();
    }
    return 1;
  }

  /** Whether the manifest prices a budget unit in hours ({@code cost.epoch_hours}). */
  static boolean costHours(SearchDir search) {
    return search.manifest().get("cost") instanceof Map<?, ?> c && c.get("epoch_hours") instanceof Number;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double[] column(List<double[]> points, int i) {
    double[] out = new double[points.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = points.get(k)[i];
    }
    return out;
  }
}
