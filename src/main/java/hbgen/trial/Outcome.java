package hbgen.trial;

/**
 * A finished (or missing) trial as promotion and best see it.
 *
 * @param id the trial
 * @param budget the budget it trained with
 * @param objective its objective, NaN when it failed or has no result
 * @param objectiveText the objective as the trainer wrote it (NaN spelled "nan")
 */
public record Outcome(TrialId id, double budget, double objective, String objectiveText) {
  public Outcome {
    if (id == null) {
      throw new IllegalArgumentException("an outcome needs a trial id");
    }
    if (objectiveText == null) {
      objectiveText = "nan";
    }
  }

  /** A trial without a usable objective. */
  public static Outcome missing(TrialId id, double budget) {
    return new Outcome(id, budget, Double.NaN, "nan");
  }

  /** Whether the objective is a finite number: only those are ranked and promoted. */
  public boolean usable() {
    return Double.isFinite(objective);
  }
}
