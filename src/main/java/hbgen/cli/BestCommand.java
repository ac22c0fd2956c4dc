package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.results.BestAnswer;
import hbgen.results.PointAnswer;
import hbgen.results.Ranking;
import hbgen.results.SearchResults;
import hbgen.trial.Direction;
import hbgen.trial.TrialState;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hbgen best DIR}: the best configuration, its metrics and its path; the best so far while running. */
@Command(name = "best", mixinStandardHelpOptions = true,
    description = {"Print the best configuration, its metrics and the path of its config file.",
        "After the search: the answer of its best.yaml (final: true). Before: the best",
        "so far (final: false). Exits 1 when no trial has a usable result yet.",
        "With --metric, --minimize/--maximize or --aggregate mean the answer is chosen from",
        "the trials by the search's incumbent rule (final once every trial has finished)."})
public final class BestCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { YAML, JSON }

  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
      description = "yaml or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--metric", paramLabel = "NAME",
      description = "Rank by this metric of the results instead of the objective (trials without it do not count).")
  String metric;

  @Option(names = "--minimize", description = "Smaller is better (default: the search's direction).")
  boolean minimize;

  @Option(names = "--maximize", description = "Larger is better (default: the search's direction).")
  boolean maximize;

  @Option(names = "--aggregate", paramLabel = "HOW", defaultValue = "none",
      description = {"none or mean. mean: trials of one configuration (config values without seed) at one budget",
          "form a point, ranked by the mean of their values; failed trials are counted, not averaged.",
          "Default: ${DEFAULT-VALUE}."})
  Ranking.Aggregate aggregate;

  @Override public Integer call() {
    if (minimize && maximize) {
      throw new UsageError("--minimize and --maximize exclude each other");
    }
    if (metric != null && metric.isBlank()) {
      throw new UsageError("--metric needs a metric name, was empty");
    }
    SearchDir search = dir.open();
    SearchResults results = SearchResults.read(search);
    Direction direction = minimize ? Direction.MINIMIZE : maximize ? Direction.MAXIMIZE : null;
    Ranking ranking = Ranking.of(search.objective(), search.direction(), metric, direction, aggregate);
    boolean own = ranking.isSearchs(search.direction());
    if (metric != null) {
      ranking.requireKnown(results.trials());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long unusable = own ? 0 : ranking.unusable(results.trials());
    boolean isFinal;
    if (aggregate == Ranking.Aggregate.MEAN) {
      PointAnswer answer = PointAnswer.of(results, dir.path(), ranking).orElseThrow(() -> noAnswer(results, ranking, own));
      out.print(format == Format.JSON ? answer.json() : answer.yaml(results.progress()));
      isFinal = answer.isFinal();
    } else {
      Optional<BestAnswer> best = BestAnswer.of(results, dir.path(), ranking);
      BestAnswer answer = best.orElseThrow(() -> noAnswer(results, ranking, own));
      out.print(format == Format.JSON ? answer.json() : answer.yaml(results.progress()));
      isFinal = answer.isFinal();
    }
    out.flush();
    if (unusable > 0) {
      err.println("hbgen: " + unusable + " completed trial" + (unusable == 1 ? " has" : "s have") + " no finite "
          + ranking.metric() + " and do" + (unusable == 1 ? "es" : "") + " not count");
    }
    if (!isFinal) {
      err.println("hbgen: " + (results.complete()
          ? "every trial has finished, but best.yaml is not written yet: best so far"
          : "search still running: best so far (" + results.progress() + ")"));
    }
    err.flush();
    return ExitCode.OK;
  }

  private RuntimeFailure noAnswer(SearchResults results, Ranking ranking, boolean own) {
    long failed = results.counts().get(TrialState.FAILED);
    String why = results.finished() == 0 ? "no trial has finished yet"
        : own ? "no trial has a usable result yet (" + failed + " failed)"
        : "no trial has a finite " + ranking.metric() + " yet (" + failed + " failed)";
    return new RuntimeFailure(dir.path() + ": " + why + " (" + results.progress() + ")");
  }
}
