package hbgen.status;

import hbgen.plan.Stage;
import hbgen.trial.TrialSnapshot;
import java.util.List;

/**
 * One stage of a bracket at one moment.
 *
 * @param stage the planned stage (slots and budget)
 * @param promotionDone stage 0: always true; later stages: whether their promotion.yaml exists
 * @param trials one snapshot per slot, in configuration order
 * @param counts the trials' states, counted
 */
public record StageStatus(Stage stage, boolean promotionDone, List<TrialSnapshot> trials, Counts counts) {
  public StageStatus {
    trials = List.copyOf(trials);
    if (trials.size() != stage.configs()) {
      throw new IllegalArgumentException("stage " + stage.index() + " has " + stage.configs() + " slots, got "
          + trials.size() + " trials");
    }
    if (counts.total() != trials.size()) {
      throw new IllegalArgumentException("counts of stage " + stage.index() + " do not match its trials");
    }
  }

  /** A stage with its counts computed. */
  public static StageStatus of(Stage stage, boolean promotionDone, List<TrialSnapshot> trials) {
    return new StageStatus(stage, promotionDone, trials, Counts.of(trials));
  }

  /** Whether every slot has its final result. */
  public boolean complete() {
    return counts.finished() == trials.size();
  }

  /** Budget of the finished trials that trained (completed or failed; skipped slots cost nothing). */
  public double budgetSpent() {
    long trained = counts.get(hbgen.trial.TrialState.COMPLETED) + counts.get(hbgen.trial.TrialState.FAILED);
    return trained * stage.budget();
  }

  /** Budget of every slot. */
  public double budgetPlanned() {
    return stage.configs() * stage.budget();
  }

  /** Budget of the slots without a final result. */
  public double budgetLeft() {
    return (trials.size() - counts.finished()) * stage.budget();
  }
}
