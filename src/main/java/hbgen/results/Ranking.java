package hbgen.results;

import hbgen.error.UsageError;
import hbgen.trial.Direction;
import hbgen.trial.Outcome;
import hbgen.trial.TrialState;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code hbgen best} ranks trials by: one metric of their results, a direction, and whether
 * the trials of one configuration at one budget are averaged ({@link Points}). The search's own
 * ranking is its objective and direction, trial by trial.
 *
 * @param objective the search's objective ("" when it names none: the bare number or the only metric)
 * @param metric the metric ranked by
 * @param direction whether smaller or larger is better
 * @param aggregate trial by trial, or points by their mean
 */
public record Ranking(String objective, String metric, Direction direction, Aggregate aggregate) {
  /** How trials of one configuration at one budget are combined. */
  public enum Aggregate {
    /** Each trial on its own. */
    NONE,
    /** Points ranked by the mean of their trials. */
    MEAN;

    /** The name in options and outputs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Ranking {
    if (objective == null || metric == null || metric.isEmpty() || direction == null || aggregate == null) {
      throw new IllegalArgumentException("a ranking needs an objective (may be empty), a metric, a direction and an aggregate");
    }
  }

  /**
   * The ranking of {@code hbgen best}'s options: {@code metric} (null: the objective) in {@code
   * direction} (null: the search's direction).
   */
  public static Ranking of(String objective, Direction searchDirection, String metric, Direction direction,
      Aggregate aggregate) {
    return new Ranking(objective, metric == null ? objectiveName(objective) : metric,
        direction == null ? searchDirection : direction, aggregate);
  }

  /** The name the objective goes by: its own, or "value" (as {@link hbgen.trial.Metrics#numbers} names a bare number). */
  public static String objectiveName(String objective) {
    return objective.isEmpty() ? "value" : objective;
  }

  /** Whether this is the search's own ranking, which best.yaml answers. */
  public boolean isSearchs(Direction searchDirection) {
    return metric.equals(objectiveName(objective)) && direction == searchDirection && aggregate == Aggregate.NONE;
  }

  /** The metric of a completed trial; NaN when it is not completed or its result has no such metric. */
  public double value(Trial t) {
    if (t.state() != TrialState.COMPLETED) {
      return Double.NaN;
    }
    Double v = t.metrics().get(metric);
    if (v != null) {
      return v;
    }
    return metric.equals(objectiveName(objective)) ? t.value() : Double.NaN;
  }

  /** The trial as {@link hbgen.trial.Best} ranks it under this metric. */
  public Outcome outcome(Trial t) {
    double v = value(t);
    return Double.isFinite(v) ? new Outcome(t.id(), t.budget(), v, Double.toString(v)) : Outcome.missing(t.id(), t.budget());
  }

  /** The metrics that completed trials report, sorted (a bare number under the objective's name). */
  public Set<String> known(List<Trial> trials) {
    Set<String> out = new TreeSet<>();
    for (Trial t : trials) {
      if (t.state() == TrialState.COMPLETED) {
        out.addAll(t.metrics().keySet());
        if (t.metrics().isEmpty()) {
          out.add(objectiveName(objective));
        }
      }
    }
    return out;
  }

  /**
   * Refuses a metric that no completed trial reports (once one has completed): most likely a typo,
   * so one line names it and the metrics there are.
   */
  public void requireKnown(List<Trial> trials) {
    Set<String> known = known(trials);
    if (!known.isEmpty() && !known.contains(metric)) {
      throw new UsageError("--metric " + metric + ": no completed trial's result has this metric; the results have "
          + String.join(", ", known));
    }
  }

  /** Completed trials that count for nothing under this metric (no such metric, or not finite). */
  public long unusable(List<Trial> trials) {
    return trials.stream().filter(t -> t.state() == TrialState.COMPLETED && !Double.isFinite(value(t))).count();
  }

  /** What is compared, e.g. "loss" or "mean loss". */
  public String what() {
    return (aggregate == Aggregate.MEAN ? "mean " : "") + metric;
  }

  /** In words with the direction, e.g. "loss (minimize)" or "mean loss (minimize)". */
  public String label() {
    return what() + " (" + direction.label() + ")";
  }
}
