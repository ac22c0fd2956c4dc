package hbgen.results;

import hbgen.search.SearchDir;
import hbgen.trial.Best;
import hbgen.trial.Outcome;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The best objective so far against the cumulative cost of the finished trials, in the order they
 * finished (by the ledger's time, else their result's; ties in plan order): the curve of the
 * report's progress chart and of {@code hbgen compare}. The best so far is the incumbent under the
 * search's rule ({@link Best}): with the default, the best at the largest budget finished so far,
 * which can be worse than an earlier one at a smaller budget. Failed trials add to the cost.
 *
 * @param trials each completed trial at the cost spent when it finished, and its objective
 * @param best the incumbent's objective after each completed trial, and once more at the cost
 *     spent in all when failures came after the last completed trial
 * @param spent the cost of every finished (completed or failed) trial
 * @param finished how many trials completed or failed
 * @param incumbent the best trial under the search's rule, if any completed
 */
public record BestSoFar(List<Point> trials, List<Point> best, double spent, int finished, Optional<Outcome> incumbent) {
  public BestSoFar {
    trials = List.copyOf(trials);
    best = List.copyOf(best);
  }

  /** One point of a curve: a cumulative cost and an objective. */
  public record Point(double cost, double value) {}

  /**
   * The curve of a search.
   *
   * @param cost what one finished trial cost (see {@link ReportPlots#cost})
   */
  public static BestSoFar of(SearchResults results, ToDoubleFunction<Trial> cost) {
    SearchDir search = results.search();
    List<Trial> done = new ArrayList<>();
    for (Trial t : results.trials()) {
      if (t.state() == TrialState.COMPLETED || t.state() == TrialState.FAILED) {
        done.add(t);
      }
    }
    done.sort(Comparator.comparing(Trial::finished).thenComparingInt(Trial::number));
    double spent = 0;
    double value = Double.NaN;
    Best incumbent = new Best(search.direction(), search.incumbent());
    List<Point> trials = new ArrayList<>();
    List<Point> best = new ArrayList<>();
    for (Trial t : done) {
      spent += cost.applyAsDouble(t);
      if (t.state() == TrialState.COMPLETED) {
        trials.add(new Point(spent, t.value()));
        incumbent.add(t.outcome());
        value = incumbent.current().map(Outcome::objective).orElse(Double.NaN);
        best.add(new Point(spent, value));
      }
    }
    if (!best.isEmpty() && best.get(best.size() - 1).cost() < spent) {
      best.add(new Point(spent, value));
    }
    return new BestSoFar(trials, best, spent, done.size(), incumbent.current());
  }

  /** The costs of some points. */
  public static double[] costs(List<Point> points) {
    return points.stream().mapToDouble(Point::cost).toArray();
  }

  /** The objectives of some points. */
  public static double[] values(List<Point> points) {
    return points.stream().mapToDouble(Point::value).toArray();
  }
}
