package hbgen.importance;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.render.Json;
import hbgen.results.ParameterScale;
import hbgen.results.SearchResults;
import hbgen.results.Trial;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which trials importance is computed on, and the computation: fANOVA ({@link Fanova}) on a random
 * forest ({@link Forest}) fitted to the completed trials' parameters ({@link Columns}) and objective.
 *
 * <p>Trials: the largest budget with at least 2 × parameters + 1 completed trials (parameters: those
 * of the space that can take more than one value), so that the forest has more trials than twice
 * the parameters; if no budget has that many, the completed trials of every budget pooled, the
 * budget not being a column. {@code --budget B} takes the trials at B whatever their number. Only
 * trials with a finite objective count (Optuna: COMPLETE trials with a finite value). The forest's
 * seed is the search's, so one search always gives the same importances.
 */
public final class ParameterImportance {
  private final Forest forest;

  public ParameterImportance(Forest forest) {
    this.forest = forest;
  }

  /** The importance of a search's parameters with Optuna's forest (Tribuo's trees). */
  public static Importances of(SearchResults results, Double budget) {
    return new ParameterImportance(new TribuoForest(Forest.Settings.OPTUNA)).compute(results, budget);
  }

  /**
   * The importance of the parameters of {@code results}.
   *
   * @param budget the budget whose trials to use, or null for the rule above
   * @throws UsageError when {@code budget} is not a budget of the search
   * @throws RuntimeFailure when there are too few trials, or nothing varies
   */
  public Importances compute(SearchResults results, Double budget) {
    List<Trial> completed = results.trials().stream()
        .filter(t -> t.state() == TrialState.COMPLETED && Double.isFinite(t.value())).toList();
    List<ParameterScale> scales = ParameterScale.of(results.search(), results.trials());
    long varying = scales.stream().filter(s -> !s.kinds().equals("value")).count();
    int threshold = (int) (2 * Math.max(1, varying) + 1);
    TreeSet<Double> budgets = results.trials().stream().map(Trial::budget).collect(Collectors.toCollection(TreeSet::new));
    Double used;
    if (budget != null) {
      if (!budgets.contains(budget)) {
        throw new UsageError("--budget " + Json.budget(budget) + ": not a budget of this search (its budgets: "
            + budgets.stream().map(Json::budget).collect(Collectors.joining(", ")) + ")");
      }
      used = budget;
    } else {
      used = budgets.descendingSet().stream()
          .filter(b -> completed.stream().filter(t -> t.budget() == b).count() >= threshold).findFirst().orElse(null);
    }
    List<Trial> rows = used == null ? completed : completed.stream().filter(t -> t.budget() == used).toList();
    if (rows.size() < 2) {
      throw new RuntimeFailure("importance needs at least 2 completed trials" + (budget == null ? "" : " at budget "
          + Json.budget(budget)) + ", has " + rows.size() + " (" + results.progress() + ")");
    }
    List<String> names = scales.stream().map(ParameterScale::name).toList();
    Set<String> log = scales.stream().filter(ParameterScale::log).map(ParameterScale::name).collect(Collectors.toSet());
    List<Map<String, Object>> params = rows.stream().map(t -> t.params().values()).toList();
    Columns columns = Columns.of(names, log, params);
    double[] y = rows.stream().mapToDouble(Trial::value).toArray();
    String what = rows.size() + " completed trials" + (used == null ? "" : " at budget " + Json.budget(used));
    if (columns.assessed().isEmpty()) {
      throw new RuntimeFailure("cannot assess importance: no parameter takes two values in the " + what);
    }
    if (Arrays.stream(y).distinct().count() == 1) {
      throw new RuntimeFailure("cannot assess importance: the " + what + " all have the objective " + rows.get(0).valueText());
    }
    List<Tree> trees = forest.fit(columns.x(), y, results.search().seed());
    Optional<List<Fanova.Share>> shares = Fanova.shares(trees, columns.lo(), columns.hi(), columns.groups());
    if (shares.isEmpty()) {
      throw new RuntimeFailure("cannot assess importance: every tree of the forest predicts one value on the " + what);
    }
    double sum = shares.get().stream().mapToDouble(Fanova.Share::mean).sum();
    if (!(sum > 0)) {
      throw new RuntimeFailure("cannot assess importance: no parameter has a main effect on the objective in the " + what
          + " (it varies only through interactions of parameters)");
    }
    List<Importances.Row> out = new ArrayList<>();
    for (int i = 0; i < columns.assessed().size(); i++) {
      Fanova.Share s = shares.get().get(i);
      out.add(new Importances.Row(columns.assessed().get(i), Math.min(1, s.mean() / sum), s.std()));
    }
    columns.constant().forEach(p -> out.add(new Importances.Row(p, 0, 0)));
    return new Importances("fanova", results.search().objective(), results.search().direction().label(), used,
        budget != null, threshold, rows.size(), out, columns.absent());
  }
}
