package hbgen.results;

import hbgen.trial.TrialId;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the ledger {@code results.tsv}, as run.sh appends it when a trial finishes.
 *
 * @param time when the trial finished (UTC, ISO 8601 as run.sh writes it)
 * @param trial the trial
 * @param state completed or failed
 * @param objective the objective (NaN for a failed trial)
 * @param budget the budget, as written
 * @param durationS wall-clock seconds over all attempts (NaN if missing)
 * @param attempts attempts made (0 if missing)
 * @param metrics every metric of the result, sorted by name (empty for a bare number or a failure)
 * @param reason why the trial failed (empty when it completed)
 * @param host the host that ran it
 * @param slurmJobId the Slurm job id, empty outside Slurm
 */
public record LedgerEntry(String time, TrialId trial, String state, double objective, String budget,
    double durationS, int attempts, Map<String, Double> metrics, String reason, String host, String slurmJobId) {
  public LedgerEntry {
    if (trial == null) {
      throw new IllegalArgumentException("a ledger entry needs a trial");
    }
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
  }
}
