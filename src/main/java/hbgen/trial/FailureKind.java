package hbgen.trial;

import java.util.Locale;

/**
 * Why a trial needs a rerun, in a few kinds a user can group by. A {@code failed} marker names its
 * kind on a {@code kind:} line (the labels below); the reader never guesses it from the English
 * reason. {@link #INTERRUPTED} (and {@link #OTHER}) are never written: status finds them.
 */
public enum FailureKind {
  /** The trainer exited non-zero. */
  EXIT_CODE("exit code"),
  /** The trainer exited 0 without writing a result. */
  NO_RESULT("no result"),
  /** The result did not parse or lacked the objective. */
  UNPARSEABLE("unparseable result"),
  /** The objective was NaN or infinite. */
  NAN_OBJECTIVE("nan objective"),
  /** The Slurm or LSF job hit its time limit ({@code --slurm-time}, {@code --lsf-time}). */
  TIMEOUT("timeout"),
  /** The Slurm or LSF job was cancelled (scancel, bkill, or the scheduler itself). */
  CANCELLED("cancelled"),
  /** Slurm refused or lost the job (e.g. NODE_FAIL, OUT_OF_MEMORY, an sbatch error). */
  SLURM_REFUSED("slurm refused"),
  /** LSF refused or killed the job for a reason other than its run limit or bkill (e.g. no such queue, TERM_MEMLIMIT). */
  LSF_REFUSED("lsf refused"),
  /** The launcher is gone without a result (killed, node lost): found by status, never written. */
  INTERRUPTED("interrupted"),
  /** A marker without a kind this hbgen knows (e.g. written by an older launcher). */
  OTHER("other");

  private final String words;

  FailureKind(String words) {
    this.words = words;
  }

  /** The kind in words, e.g. "nan objective". */
  public String words() {
    return words;
  }

  /** Lower-case name as written in markers and JSON, e.g. {@code nan_objective}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a marker's {@code kind:} line names; {@link #OTHER} for anything else. */
  public static FailureKind ofLabel(String label) {
    String l = label == null ? "" : label.strip();
    for (FailureKind k : values()) {
      if (k != INTERRUPTED && k.label().equals(l)) {
        return k;
      }
    }
    return OTHER;
  }

  /**
   * The kind of a trial whose launcher is gone (status's finding): Slurm's own end state when it
   * has one (CANCELLED, TIMEOUT, DEADLINE as {@code sacct} spells them), else {@link #INTERRUPTED}.
   */
  public static FailureKind ofGoneLauncher(String slurmEndState) {
    String s = slurmEndState == null ? "" : slurmEndState.strip().toUpperCase(Locale.ROOT);
    if (s.startsWith("CANCELLED")) {
      return CANCELLED;
    }
    if (s.equals("TIMEOUT") || s.equals("DEADLINE")) {
      return TIMEOUT;
    }
    return INTERRUPTED;
  }
}
