package hbgen.trial;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one trial slot of a search is doing: the one vocabulary that status (text and JSON),
 * results (CSV, TSV, JSON and {@code --state}), best and the report all use (status draws each
 * with its own symbol, hbgen.status.Palette#symbol). The rule that reads it from a trial's files is in
 * hbgen.search.SearchView (SPEC section 5), first match wins:
 * <ol>
 *   <li>a {@code results.tsv} line "completed" with a finite objective, no older than the trial's
 *       {@code result}: completed with that objective;
 *   <li>a {@code result}: failed when a {@code failed} marker exists (also next to {@code
 *       skipped}), else skipped when a {@code skipped} marker exists, else completed when the
 *       result parses and its objective is finite, else failed;
 *   <li>a {@code started} marker: running, interrupted or unverified by its launcher's liveness;
 *   <li>a {@code config} (or a stage-0 slot whose configuration was drawn or proposed): pending;
 *   <li>a stage-0 slot of a model-based search whose batch is not proposed yet: unproposed;
 *   <li>a later-stage slot without one: skipped once its stage's promotion is written, else
 *       unfilled.
 * </ol>
 * Only a completed trial has a value; every other state's value is NaN.
 */
public enum TrialState {
  /** Finished with a usable objective. */
  COMPLETED,
  /** Finished without a usable objective: the launcher gave up, or the result is bad. */
  FAILED,
  /** A promotion slot left empty because the stage before had too few finished trials. */
  SKIPPED,
  /** Started, no result yet, and its launcher process or Slurm job is alive. */
  RUNNING,
  /** Started, no result yet, and nothing on this machine can tell whether it still runs. */
  UNVERIFIED,
  /** Started, no result, and its launcher process or Slurm job is gone: it needs a rerun. */
  INTERRUPTED,
  /** Has its configuration and waits to be started. */
  PENDING,
  /** A stage-0 slot of a model-based search (--sampler bohb) whose batch has not been proposed yet. */
  UNPROPOSED,
  /** A slot of a later stage whose promotion has not happened yet. */
  UNFILLED;

  /** Lower-case name as written in JSON, e.g. {@code completed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the slot has its final result (completed, failed or skipped). */
  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == SKIPPED;
  }

  /** Whether a launcher may still be working on the slot (running, verified or not). */
  public boolean active() {
    return this == RUNNING || this == UNVERIFIED;
  }

  /** Whether a launcher of an unfinished trial still lives, as far as this machine can check. */
  public enum Liveness {
    ALIVE,
    GONE,
    UNKNOWN
  }

  /**
   * The states a {@code --state} word selects: a state's label, or an older name ({@code
   * unpromoted} for unfilled; {@code started} for running, unverified and interrupted).
   */
  public static Set<TrialState> parse(String word) {
    String w = word.strip().toLowerCase(Locale.ROOT);
    for (TrialState s : values()) {
      if (s.label().equals(w)) {
        return EnumSet.of(s);
      }
    }
    return switch (w) {
      case "unpromoted" -> EnumSet.of(UNFILLED);
      case "started" -> EnumSet.of(RUNNING, UNVERIFIED, INTERRUPTED);
      default -> throw new IllegalArgumentException("unknown trial state '" + word + "' (expected one of "
          + Arrays.stream(values()).map(TrialState::label).collect(Collectors.joining(", ")) + ")");
    };
  }
}
