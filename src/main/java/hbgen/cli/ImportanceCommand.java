package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.importance.Importances;
import hbgen.importance.ParameterImportance;
import hbgen.results.SearchResults;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hbgen importance DIR}: how much each parameter matters to the objective (fANOVA on a random forest). */
@Command(name = "importance", mixinStandardHelpOptions = true,
    description = {"Print each parameter's importance, its share of the objective's variance:",
        "fANOVA on a random forest of 64 trees, as Optuna computes it. Trials: the",
        "completed ones at the largest budget with at least 2 x parameters + 1 of",
        "them, else those of every budget. Exits 1 with fewer than 2 of them."})
public final class ImportanceCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { TEXT, JSON }

  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (a table with bars) or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--budget", paramLabel = "B", description = "Use the completed trials at this budget, however few.")
  Double budget;

  @Override public Integer call() {
    SearchResults results = SearchResults.read(dir.open());
    Importances importances;
    try {
      importances = ParameterImportance.of(results, budget);
    } catch (RuntimeFailure e) {
      throw new RuntimeFailure(dir.path() + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.JSON ? importances.json() : importances.text());
    out.flush();
    if (!results.complete()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("hbgen: search not finished: " + results.progress());
      err.flush();
    }
    return ExitCode.OK;
  }
}
