package hbgen.results;

import hbgen.trial.FailureKind;
import hbgen.trial.Outcome;
import hbgen.trial.TrialState;
import hbgen.trial.TrialId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trial slot of a search as results, best and report show it: the plan's view (number, ids,
 * budget) joined with what its files and the ledger say.
 *
 * @param number sequential index over the plan's order (bracket, stage, configuration)
 * @param id the trial
 * @param iteration the iteration of Hyperband's outer loop its bracket is in (0 unless --iterations)
 * @param budget the budget of its stage
 * @param state where it stands
 * @param value the objective, NaN unless completed
 * @param valueText the objective as the trainer wrote it ("nan" unless completed)
 * @param metrics every named metric of the result, sorted (empty for a bare number)
 * @param params the configuration's parameters, flattened and sorted
 * @param promotedFrom the trial it was promoted from (stage J>0), or null
 * @param started when the last attempt started (UTC ISO 8601), or empty
 * @param finished when it finished, or empty
 * @param durationS wall-clock seconds over all attempts, NaN if unknown
 * @param attempts attempts made, 0 if unknown
 * @param host the host that ran it, or empty
 * @param slurmJobId the Slurm job id, or empty
 * @param reason why it failed or was skipped, or empty
 * @param note anything that could not be read (an unparseable config, a bad result), or empty
 * @param kind why it failed or was interrupted, or null in any other state
 * @param logTail the last lines of its log when it failed or was interrupted (those its failed marker
 *     kept, else the end of its log file), else empty
 */
public record Trial(int number, TrialId id, int iteration, double budget, TrialState state, double value, String valueText,
    Map<String, Double> metrics, ConfigParams params, TrialId promotedFrom, String started, String finished,
    double durationS, int attempts, String host, String slurmJobId, String reason, String note, FailureKind kind,
    List<String> logTail) {
  public Trial {
    if (id == null || state == null || params == null) {
      throw new IllegalArgumentException("a trial needs an id, a state and params");
    }
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, was " + iteration);
    }
    if (number < 0) {
      throw new IllegalArgumentException("trial number must be >= 0, was " + number);
    }
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    logTail = List.copyOf(logTail);
  }

  /** The trial as promotion and best see it (NaN unless completed). */
  public Outcome outcome() {
    return state == TrialState.COMPLETED ? new Outcome(id, budget, value, valueText) : Outcome.missing(id, budget);
  }
}
