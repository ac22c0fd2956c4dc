package hbgen.trial;

import java.util.Locale;

/**
 * What one trial slot of a search is doing, with the symbol {@code hbgen status} draws for it.
 * The rule reads the launcher's markers (SPEC section 5): a {@code result} means finished, a
 * {@code started} without one means running or interrupted depending on whether its launcher
 * still lives, and a slot of a later stage has a {@code config} only once promotion filled it.
 */
public enum TrialState {
  /** Finished with a usable objective. */
  COMPLETED('C'),
  /** Finished without a usable objective: the launcher gave up, or the result is bad. */
  FAILED('F'),
  /** A promotion slot left empty because the stage before had too few finished trials. */
  SKIPPED('S'),
  /** Started, no result yet, and its launcher process or Slurm job is alive. */
  RUNNING('R'),
  /** Started, no result yet, and nothing on this machine can tell whether it still runs. */
  UNVERIFIED('?'),
  /** Started, no result, and its launcher process or Slurm job is gone: it needs a rerun. */
  INTERRUPTED('X'),
  /** Has its configuration and waits to be started. */
  PENDING('.'),
  /** A slot of a later stage whose promotion has not happened yet. */
  UNFILLED('_');

  private final char symbol;

  TrialState(char symbol) {
    this.symbol = symbol;
  }

  /** The grid symbol. */
  public char symbol() {
    return symbol;
  }

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
   * The marker files present in a trial directory.
   *
   * @param result {@code result} (the trial is finished)
   * @param failed {@code failed} (the launcher gave up on it)
   * @param skipped {@code skipped} (an empty promotion slot)
   * @param started {@code started} (a launcher began an attempt)
   * @param config {@code config} (the slot has its configuration)
   */
  public record Markers(boolean result, boolean failed, boolean skipped, boolean started, boolean config) {
    /** Markers named by a directory listing's file names. */
    public static Markers of(Iterable<String> names) {
      boolean result = false;
      boolean failed = false;
      boolean skipped = false;
      boolean started = false;
      boolean config = false;
      for (String n : names) {
        switch (n) {
          case "result" -> result = true;
          case "failed" -> failed = true;
          case "skipped" -> skipped = true;
          case "started" -> started = true;
          case "config" -> config = true;
          default -> { }
        }
      }
      return new Markers(result, failed, skipped, started, config);
    }
  }

  /**
   * Classifies one slot. A stage-0 slot always counts as filled (generate writes its config); a
   * later slot without a config is empty for good once its stage's promotion is done (the
   * launcher will mark it skipped) and not yet filled before that.
   *
   * @param markers the files in the trial directory (all false when the directory is missing)
   * @param stage the stage index
   * @param promotionDone whether the stage's promotion has been written (ignored for stage 0)
   * @param liveness the launcher's liveness, consulted only for started, unfinished trials
   */
  public static TrialState of(Markers markers, int stage, boolean promotionDone, Liveness liveness) {
    if (markers.result()) {
      return markers.failed() ? FAILED : markers.skipped() ? SKIPPED : COMPLETED;
    }
    if (markers.started()) {
      return switch (liveness == null ? Liveness.UNKNOWN : liveness) {
        case ALIVE -> RUNNING;
        case GONE -> INTERRUPTED;
        case UNKNOWN -> UNVERIFIED;
      };
    }
    if (markers.config() || stage == 0) {
      return PENDING;
    }
    return promotionDone ? SKIPPED : UNFILLED;
  }
}
