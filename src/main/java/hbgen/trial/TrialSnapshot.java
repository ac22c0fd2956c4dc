package hbgen.trial;

/**
 * One trial slot as status sees it at one moment.
 *
 * @param id the slot
 * @param budget the budget of its stage
 * @param state what it is doing
 * @param objective its objective; NaN unless completed
 * @param objectiveText the objective as the trainer wrote it, or "" when there is none
 * @param reason why it failed, was skipped or interrupted, or what is odd about it; "" when nothing
 * @param launcher who runs or ran it (e.g. {@code pid 4242 on node1}, {@code Slurm job 17}); "" when unknown
 * @param durationSeconds wall time of its last finished run from the ledger, or -1 when unknown
 * @param kind why it failed or was interrupted; null in every other state
 */
public record TrialSnapshot(TrialId id, double budget, TrialState state, double objective, String objectiveText,
    String reason, String launcher, long durationSeconds, FailureKind kind) {
  public TrialSnapshot {
    if (id == null || state == null) {
      throw new IllegalArgumentException("a trial snapshot needs an id and a state");
    }
    if (state != TrialState.COMPLETED) {
      objective = Double.NaN;
    } else if (!Double.isFinite(objective)) {
      throw new IllegalArgumentException(id.path() + ": a completed trial needs a finite objective, was " + objective);
    }
    objectiveText = objectiveText == null || state != TrialState.COMPLETED ? "" : objectiveText;
    reason = reason == null ? "" : reason;
    launcher = launcher == null ? "" : launcher;
    if (state == TrialState.FAILED || state == TrialState.INTERRUPTED) {
      kind = kind != null ? kind : state == TrialState.FAILED ? FailureKind.OTHER : FailureKind.INTERRUPTED;
    } else {
      kind = null;
    }
  }

  /**
   * A finished trial with a result: completed when its objective is a finite number, failed
   * otherwise (NaN or infinity never ranks, SPEC section 5).
   */
  public static TrialSnapshot finished(TrialId id, double budget, String objectiveText, double objective,
      long durationSeconds) {
    if (Double.isFinite(objective)) {
      return new TrialSnapshot(id, budget, TrialState.COMPLETED, objective, objectiveText, "", "", durationSeconds,
          null);
    }
    String text = objectiveText == null || objectiveText.isBlank() ? String.valueOf(objective) : objectiveText.strip();
    return new TrialSnapshot(id, budget, TrialState.FAILED, Double.NaN, "", "objective is " + text, "", durationSeconds,
        FailureKind.NAN_OBJECTIVE);
  }

  /** A trial in any other state (a failed one of kind other, an interrupted one of kind interrupted). */
  public static TrialSnapshot of(TrialId id, double budget, TrialState state, String reason, String launcher,
      long durationSeconds) {
    return new TrialSnapshot(id, budget, state, Double.NaN, "", reason, launcher, durationSeconds, null);
  }

  /** A failed or interrupted trial of a known kind. */
  public static TrialSnapshot failed(TrialId id, double budget, TrialState state, FailureKind kind, String reason,
      String launcher, long durationSeconds) {
    return new TrialSnapshot(id, budget, state, Double.NaN, "", reason, launcher, durationSeconds, kind);
  }

  /** The trial directory relative to the search root. */
  public String path() {
    return id.path();
  }

  /** The trial as promotion and best see it (NaN unless completed). */
  public Outcome outcome() {
    return state == TrialState.COMPLETED ? new Outcome(id, budget, objective, objectiveText) : Outcome.missing(id, budget);
  }
}
