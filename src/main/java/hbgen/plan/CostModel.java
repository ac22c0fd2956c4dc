package hbgen.plan;

/**
 * What a trial costs: {@code unit * budget}, where {@code unit = repetitions * folds * t *
 * (1 - 1/folds)} hours when the cost of one epoch on the full data set is known (the training
 * part of k-fold cross-validation), else 1 per budget unit.
 *
 * @param repetitions cross-validation repetitions (>= 1)
 * @param folds cross-validation folds (>= 1; 1 means no held-out fold)
 * @param epochHours hours of one epoch on the full data set, or NaN when unknown
 */
public record CostModel(int repetitions, int folds, double epochHours) {
  public CostModel {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be >= 1, was " + repetitions);
    }
    if (folds < 1) {
      throw new IllegalArgumentException("folds must be >= 1, was " + folds);
    }
    if (!Double.isNaN(epochHours) && (!(epochHours > 0) || Double.isInfinite(epochHours))) {
      throw new IllegalArgumentException("cost of one epoch must be a positive number of hours, was " + epochHours);
    }
  }

  /** Budget units cost 1 each. */
  public static CostModel units() {
    return new CostModel(1, 1, Double.NaN);
  }

  /** Cost of one budget unit. */
  public double unit() {
    if (Double.isNaN(epochHours)) {
      return 1.0;
    }
    double trainingShare = folds == 1 ? 1.0 : 1.0 - 1.0 / folds;
    return repetitions * folds * epochHours * trainingShare;
  }

  /** Cost of a stage when every trial trains its full budget. */
  public double stage(Stage stage) {
    return unit() * stage.configs() * stage.budget();
  }

  /** Cost of a stage when promoted trials resume from their parent's checkpoint. */
  public double stageResumed(Stage stage) {
    return unit() * stage.configs() * (stage.budget() - stage.previousBudget());
  }

  /** Cost of a bracket (full budgets). */
  public double bracket(Bracket bracket, boolean resumed) {
    return bracket.stages().stream().mapToDouble(s -> resumed ? stageResumed(s) : stage(s)).sum();
  }

  /** Cost of a plan (full budgets). */
  public double plan(Plan plan, boolean resumed) {
    return plan.brackets().stream().mapToDouble(b -> bracket(b, resumed)).sum();
  }
}
