package hbgen.status;

import hbgen.trial.Best;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import hbgen.trial.Outcome;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A whole search at one moment: what {@code hbgen status} prints, as text or JSON.
 *
 * @param name the search's directory name
 * @param root the search root as the user gave it (for commands printed back to them)
 * @param strategy hyperband, random or grid
 * @param objective the metric optimized ("" for the bare number or the only metric)
 * @param direction minimize or maximize
 * @param costUnit cost of one budget unit (the manifest's {@code cost.unit})
 * @param costHours whether costs are hours (the search was written with -t) or plain budget units
 * @param brackets every bracket of the plan
 * @param pace how fast trials have been finishing
 * @param warnings problems that did not stop the scan (an unreadable ledger, an unreadable stage)
 * @param time when the search was looked at
 * @param incumbent the rule that names the best trial
 */
public record SearchStatus(String name, String root, String strategy, String objective, Direction direction,
    double costUnit, boolean costHours, List<BracketStatus> brackets, Pace pace, List<String> warnings, Instant time,
    Incumbent incumbent) {
  public SearchStatus {
    incumbent = incumbent == null ? Incumbent.TOP_BUDGET : incumbent;
    brackets = List.copyOf(brackets);
    warnings = List.copyOf(warnings);
    if (!(costUnit > 0) || Double.isInfinite(costUnit)) {
      throw new IllegalArgumentException("cost unit must be a positive number, was " + costUnit);
    }
  }

  /** A status under the default incumbent rule. */
  public SearchStatus(String name, String root, String strategy, String objective, Direction direction,
      double costUnit, boolean costHours, List<BracketStatus> brackets, Pace pace, List<String> warnings, Instant time) {
    this(name, root, strategy, objective, direction, costUnit, costHours, brackets, pace, warnings, time, null);
  }

  /** Iterations of Hyperband's outer loop the brackets span (1 unless planned with --iterations). */
  public int iterations() {
    return brackets.stream().mapToInt(BracketStatus::iteration).max().orElse(0) + 1;
  }

  /** What the trial slots of the whole search are doing. */
  public Counts counts() {
    return Counts.sum(brackets.stream().map(BracketStatus::counts).toList());
  }

  /** Whether every slot has its final result: nothing is left to run. */
  public boolean finished() {
    Counts c = counts();
    return c.finished() == c.total();
  }

  /** Budget of the trials that trained and finished. */
  public double budgetSpent() {
    return stages().mapToDouble(StageStatus::budgetSpent).sum();
  }

  /** Budget of every slot of the plan. */
  public double budgetPlanned() {
    return stages().mapToDouble(StageStatus::budgetPlanned).sum();
  }

  /** Budget of the slots still without a final result. */
  public double budgetLeft() {
    return stages().mapToDouble(StageStatus::budgetLeft).sum();
  }

  private Stream<StageStatus> stages() {
    return brackets.stream().flatMap(b -> b.stages().stream());
  }

  /** The incumbent among the completed trials, under the search's rule ({@link Best#of}). */
  public Optional<TrialSnapshot> best() {
    Map<TrialId, TrialSnapshot> completed = new HashMap<>();
    stages().flatMap(s -> s.trials().stream()).filter(t -> t.state() == TrialState.COMPLETED)
        .forEach(t -> completed.put(t.id(), t));
    List<Outcome> outcomes = completed.values().stream().map(TrialSnapshot::outcome).toList();
    return Best.of(outcomes, direction, incumbent).map(o -> completed.get(o.id()));
  }

  /**
   * The time left at the observed rate: the budget of the unfinished slots, times the observed
   * seconds per budget unit, over the observed number of trials at a time. Running trials count
   * in full, so the estimate errs long. Empty until some trial has finished.
   *
   * @return the estimate, if there is one
   */
  public Optional<Estimate> estimate() {
    if (pace.trials() == 0 || !(pace.budget() > 0)) {
      return Optional.empty();
    }
    double left = finished() ? 0 : budgetLeft() * pace.secondsPerUnit() / pace.concurrency();
    return Optional.of(new Estimate(left, pace.secondsPerUnit(), pace.concurrency(), pace.trials()));
  }

  /**
   * The estimated time left.
   *
   * @param secondsLeft seconds until every slot has a result
   * @param secondsPerUnit observed seconds per budget unit
   * @param concurrency observed trials at a time
   * @param observed trials the observation rests on
   */
  public record Estimate(double secondsLeft, double secondsPerUnit, double concurrency, long observed) {}

  /** Trials in a state, over all brackets, in bracket, stage and configuration order. */
  public List<TrialSnapshot> trials(TrialState state) {
    return stages().flatMap(s -> s.trials().stream()).filter(t -> t.state() == state).toList();
  }
}
