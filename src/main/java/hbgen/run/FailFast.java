package hbgen.run;

import hbgen.trial.TrialId;
import java.util.Optional;

/**
 * When {@code hbgen run} gives up on a trainer instead of failing every trial of a search with it
 * (issue 13: a broken trainer ran the whole search). The engine reports each trial that finishes
 * in this run; the run stops
 *
 * <ul>
 *   <li>at the first trial that failed with exit code 126 or 127 before any trial succeeded: the
 *       shell could not execute the command, or did not find it (bash(1), EXIT STATUS); or
 *   <li>when the first {@value #WINDOW} trials to finish (all of them, in a smaller search) all
 *       failed the same way: the same kind and the same exit code, as the {@code failed} marker
 *       records them. A trainer that fails for some configurations does not stop the run: the
 *       first failures then differ, or a success comes first.
 * </ul>
 *
 * Once a trial succeeds, or once the first {@value #WINDOW} trials disagree, the rule is off for
 * the rest of the run. Pure state: no files, no processes.
 */
public final class FailFast {
  /** How many trials, at most, must fail the same way before the run stops. */
  public static final int WINDOW = 5;

  /**
   * How one trial failed, as its {@code failed} marker records it.
   *
   * @param kind the machine-readable kind (exit_code, no_result, ...), or "" when the marker has none
   * @param exitCode the trainer's last exit code, -1 when unknown
   * @param reason the marker's sentence, e.g. "exit code 2"
   * @param lastOutput the trainer's last line of output, or ""
   */
  public record Failure(String kind, int exitCode, String reason, String lastOutput) {
    public Failure {
      kind = kind == null ? "" : kind;
      reason = reason == null ? "" : reason;
      lastOutput = lastOutput == null ? "" : lastOutput;
    }

    /** Whether the shell could not start the trainer (126: not executable, 127: not found). */
    boolean cannotStart() {
      return exitCode == 126 || exitCode == 127;
    }

    boolean sameWayAs(Failure o) {
      return kind.equals(o.kind) && exitCode == o.exitCode;
    }
  }

  /**
   * Why the run stops.
   *
   * @param trial the trial whose failure decided it
   * @param failure how it failed
   * @param failedTrials how many trials of this run had failed by then
   * @param cannotStart whether the trainer could not be started at all (exit code 126 or 127)
   */
  public record Verdict(TrialId trial, Failure failure, int failedTrials, boolean cannotStart) {
    /** The sentence for the user, naming the trainer command. */
    public String message(String trainer) {
      String how = failure.reason().isEmpty() ? "exit code " + failure.exitCode() : failure.reason();
      String said = failure.lastOutput().isEmpty() ? "" : " (its last output: " + clip(failure.lastOutput()) + ")";
      return cannotStart
          ? "the trainer '" + trainer + "' cannot be started: " + trial.path() + " failed with " + how + said
          : "the trainer '" + trainer + "' failed in each of the first " + failedTrials + " trials the same way ("
              + how + ") and in none succeeded; last: " + trial.path() + said;
    }

    private static String clip(String s) {
      String one = s.strip();
      return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }
  }

  private final int window;
  private Failure first;
  private int failures;
  private boolean off;

  /** A rule for a run of a search of {@code trials} trials: the window is never larger than the search. */
  public FailFast(long trials) {
    this.window = (int) Math.max(1, Math.min(WINDOW, trials));
  }

  /** A trial of this run finished with a result: the trainer works. */
  public void succeeded() {
    off = true;
  }

  /** A trial of this run failed; returns the verdict when the run should stop now. */
  public Optional<Verdict> failed(TrialId id, Failure failure) {
    if (off) {
      return Optional.empty();
    }
    failures++;
    if (failure.cannotStart()) {
      off = true;
      return Optional.of(new Verdict(id, failure, failures, true));
    }
    if (first == null) {
      first = failure;
    } else if (!failure.sameWayAs(first)) {
      off = true;
      return Optional.empty();
    }
    if (failures >= window) {
      off = true;
      return Optional.of(new Verdict(id, failure, failures, false));
    }
    return Optional.empty();
  }
}
