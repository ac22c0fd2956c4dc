package hbgen.plan;

/**
 * One rung of a Hyperband bracket: {@code configs} trials, each trained with {@code budget} units.
 *
 * @param index stage index j within its bracket (0 = sampled, j > 0 = promoted)
 * @param configs n_j, the number of configuration slots
 * @param budget r_j + G, the budget each trial of this stage gets
 * @param previousBudget the budget of stage j-1 (0 for stage 0); what a resuming trainer already has
 */
public record Stage(int index, long configs, double budget, double previousBudget) {
  public Stage {
    if (index < 0) {
      throw new IllegalArgumentException("stage index must be >= 0, was " + index);
    }
    if (configs < 1) {
      throw new IllegalArgumentException("stage " + index + " must have >= 1 configuration, had " + configs);
    }
    if (!(budget > 0) || Double.isInfinite(budget)) {
      throw new IllegalArgumentException("stage budget must be a positive number, was " + budget);
    }
    if (!(previousBudget >= 0) || previousBudget >= budget) {
      throw new IllegalArgumentException(
          "previous budget must be >= 0 and below the budget " + budget + ", was " + previousBudget);
    }
  }
}
