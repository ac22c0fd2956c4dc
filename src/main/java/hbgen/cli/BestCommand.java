package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.results.BestAnswer;
import hbgen.results.SearchResults;
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
        "so far (final: false). Exits 1 when no trial has a usable result yet."})
public final class BestCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { YAML, JSON }

  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
      description = "yaml or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Override public Integer call() {
    SearchDir search = dir.open();
    SearchResults results = SearchResults.read(search);
    Optional<BestAnswer> best = BestAnswer.of(results, dir.path());
    if (best.isEmpty()) {
      long failed = results.counts().get(TrialState.FAILED);
      throw new RuntimeFailure(dir.path() + ": " + (results.finished() == 0 ? "no trial has finished yet"
          : "no trial has a usable result yet (" + failed + " failed)") + " (" + results.progress() + ")");
    }
    BestAnswer answer = best.get();
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.JSON ? answer.json() : answer.yaml(results.progress()));
    out.flush();
    if (!answer.isFinal()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("hbgen: " + (results.complete()
          ? "every trial has finished, but best.yaml is not written yet: best so far"
          : "search still running: best so far (" + results.progress() + ")"));
      err.flush();
    }
    return ExitCode.OK;
  }
}
