package hbgen.cli;

import hbgen.error.UsageError;
import picocli.CommandLine.Option;

/** The {@code --budget} of the single-stage strategies (random, grid): every trial's budget. */
final class BudgetOption {
  @Option(names = "--budget", paramLabel = "B", defaultValue = "1", description = "Budget of every trial. Default: ${DEFAULT-VALUE}.")
  double budget;

  /** The budget; refused unless it is a positive, finite number. */
  double value() {
    if (!(budget > 0) || Double.isInfinite(budget)) {
      throw new UsageError("--budget must be a positive number, was " + budget);
    }
    return budget;
  }
}
