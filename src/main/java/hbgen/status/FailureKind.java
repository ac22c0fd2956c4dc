package hbgen.status;

import hbgen.trial.TrialState;
import java.util.Locale;

/**
 * Why a trial needs a rerun, in a few kinds a user can group by. Read from the reason run.sh
 * wrote (see its validation) or the one the launcher check gave.
 */
public enum FailureKind {
  /** The trainer exited non-zero. */
  EXIT_CODE("exit code"),
  /** The objective was NaN or infinite. */
  NAN_OBJECTIVE("nan objective"),
  /** The result did not parse or lacked the objective. */
  UNPARSEABLE("unparseable result"),
  /** The trainer exited 0 without writing a result. */
  NO_RESULT("no result"),
  /** The Slurm job was cancelled (scancel, or Slurm itself). */
  CANCELLED("cancelled"),
  /** The Slurm job hit its time limit ({@code --slurm-time}). */
  TIMEOUT("timeout"),
  /** Slurm refused or lost the job (run.sh's "slurm: ..." reasons, e.g. NODE_FAIL or OUT_OF_MEMORY). */
  SLURM("slurm error"),
  /** The launcher is gone without a result (killed, node lost). */
  INTERRUPTED("interrupted"),
  /** Anything else. */
  OTHER("other");

  private final String words;

  FailureKind(String words) {
    this.words = words;
  }

  /** The kind in words, e.g. "nan objective". */
  public String words() {
    return words;
  }

  /** Lower-case name as written in JSON, e.g. {@code nan_objective}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a failed or interrupted trial's reason. */
  public static FailureKind of(TrialState state, String reason) {
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (state == TrialState.INTERRUPTED) {
      if (r.contains("ended: cancelled")) {
        return CANCELLED;
      }
      if (r.contains("ended: timeout") || r.contains("ended: deadline")) {
        return TIMEOUT;
      }
      return INTERRUPTED;
    }
    // run.sh's own words for a Slurm attempt that ended early (its slurm_reason).
    if (r.equals("timeout")) {
      return TIMEOUT;
    }
    if (r.equals("cancelled")) {
      return CANCELLED;
    }
    if (r.startsWith("slurm: ")) {
      return SLURM;
    }
    if (r.startsWith("exit code")) {
      return EXIT_CODE;
    }
    if (r.contains("objective is")) {
      return NAN_OBJECTIVE;
    }
    if (r.startsWith("no result")) {
      return NO_RESULT;
    }
    if (r.startsWith("result") || r.contains("unparseable") || r.contains("empty result")
        || r.contains("appears twice") || r.contains("several metrics")) {
      return UNPARSEABLE;
    }
    return OTHER;
  }
}
