package hbgen.importance;

import hbgen.error.RuntimeFailure;
import hbgen.render.Json;
import hbgen.results.Plot;
import hbgen.results.SearchResults;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's parameter-importance chart: one bar per parameter, most important first, from
 * {@link ParameterImportance} with its rule for the trials; when importance cannot be computed
 * (too few trials, nothing varies), an empty chart whose caption says why.
 */
public final class ImportanceChart {
  /**
   * Above this many completed trials the report does not fit the forest (its time grows fast: about
   * 20 s for 3,000 trials), so that a large report stays quick; {@code hbgen importance} still does.
   */
  static final int REPORT_MAX = 1000;

  private ImportanceChart() {}

  /** The chart of a search's parameter importance. */
  public static Plot of(SearchResults results) {
    long completed = results.trials().stream().filter(t -> t.state() == TrialState.COMPLETED).count();
    if (completed > REPORT_MAX) {
      return plot(List.of(), List.of(), "Not computed in the report for more than " + REPORT_MAX + " completed trials ("
          + completed + "), as fitting the forest would take long; run hbgen importance on the search.");
    }
    Importances imp;
    try {
      imp = ParameterImportance.of(results, null);
    } catch (RuntimeFailure e) {
      return plot(List.of(), List.of(), "Not computed: " + e.getMessage() + ".");
    }
    return of(imp);
  }

  /** The chart of computed importances. */
  public static Plot of(Importances imp) {
    List<String> names = new ArrayList<>();
    List<String> shares = new ArrayList<>();
    double[] x = new double[imp.rows().size()];
    double[] y = new double[imp.rows().size()];
    for (int i = 0; i < x.length; i++) {
      Importances.Row r = imp.rows().get(i);
      names.add(r.parameter());
      shares.add(r.parameter() + " " + String.format(Locale.ROOT, "%.3f", r.importance()));
      x[i] = i;
      y[i] = r.importance();
    }
    String trials = imp.trials() + " completed trials " + (imp.budget() == null ? "of every budget (no budget has "
        + imp.threshold() + ")" : "at budget " + Json.budget(imp.budget()));
    String caption = "fANOVA on a random forest (as Optuna computes it): each parameter's share of the variance of the "
        + "objective that it explains alone, from " + trials + (imp.trials() < Importances.FEW ? "; rough, few trials" : "")
        + ". Most important first: " + String.join(", ", shares) + "."
        + (imp.notAssessed().isEmpty() ? "" : " Not assessed (missing from some trials): "
            + String.join(", ", imp.notAssessed()) + ".");
    return plot(names, List.of(new Plot.Series("importance", x, y, Plot.Style.BAR)), caption);
  }

  private static Plot plot(List<String> names, List<Plot.Series> series, String caption) {
    return new Plot("importance", "Parameter importance", "parameter", "share of the objective's variance", false,
        names, series, caption);
  }
}
