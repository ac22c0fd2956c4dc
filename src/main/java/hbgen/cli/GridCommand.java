package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.plan.PlanText;
import hbgen.search.RecordedSearch;
import hbgen.search.SearchSpec;
import hbgen.space.Space;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hbgen grid -o DIR}: the cartesian product of the space's finite parameters (choice,
 * value, range, geomspace, int), K trials per point, each with its own seed.
 */
@Command(name = "grid", mixinStandardHelpOptions = true,
    description = "Grid search over the space's finite parameters, K trials (seeds) per point.")
public final class GridCommand implements Callable<Integer>, FromManifest.Replayable {
  @Spec CommandSpec spec;

  @Option(names = "--trials", paramLabel = "K", defaultValue = "1", description = "Trials per grid point, each with its own seed. Default: ${DEFAULT-VALUE}.")
  int trials;

  @Mixin BudgetOption budget;

  @Mixin SearchOptions options;

  @Override public SearchOptions options() {
    return options;
  }

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (options.output == null) {
      throw new UsageError("grid needs -o DIR");
    }
    if (options.from != null && options.recorded == null) {
      GridCommand replay = FromManifest.replay(RecordedSearch.read(options.from, "grid"), GridCommand.class, spec, options, null);
      replay.spec = spec;
      return replay.call();
    }
    options.validate();
    if (trials < 1) {
      throw new UsageError("--trials must be >= 1, was " + trials);
    }
    double budget = this.budget.value();
    // The space is read twice (here and in spec()); it is small, and spec() owns the --from logic.
    SearchSpec probe = options.spec("grid", Hyperband.singleStage(1, budget), List.of());
    Space space = probe.space().space();
    List<String> continuous = space.continuousParameters();
    if (!continuous.isEmpty()) {
      throw new UsageError(probe.spacePath() + ": grid search needs finite parameters (choice, value, range, geomspace, int); "
          + String.join(", ", continuous) + (continuous.size() == 1 ? " is" : " are") + " continuous");
    }
    List<Map<String, Object>> points = space.enumerate(GenerateCommand.MAX_CONFIGS + 1L);
    long configs = (long) points.size() * trials;
    if (configs > GenerateCommand.MAX_CONFIGS) {
      throw new UsageError("the grid has " + configs + " trials; at most " + GenerateCommand.MAX_CONFIGS + " can be written");
    }
    List<Map<String, Object>> grid = new ArrayList<>();
    for (Map<String, Object> p : points) {
      for (int t = 0; t < trials; t++) {
        grid.add(p);
      }
    }
    Plan plan = Hyperband.singleStage(configs, budget);
    SearchSpec search = options.spec("grid", plan, command(), grid);
    long n = options.write(search, options.templates());
    out.print(PlanText.render("Grid", plan, options.cost(), false));
    out.printf("Wrote %d configurations (%d points x %d trials) to %s (seed %d).%n", n, points.size(), trials,
        options.output, search.seed());
    out.flush();
    return ExitCode.OK;
  }

  private List<String> command() {
    return options.recorded != null ? options.recorded.command() : spec.commandLine().getParseResult().originalArgs();
  }
}
