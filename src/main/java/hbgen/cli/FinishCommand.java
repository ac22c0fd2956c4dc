package hbgen.cli;

import hbgen.run.BestFiles;
import hbgen.search.SearchDir;
import hbgen.trial.Outcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbgen finish DIR}: the Snakefile's best job, what {@code hbgen run} writes at the end. */
@Command(name = "finish", mixinStandardHelpOptions = true,
    description = {"Write best.yaml and config (the best configuration) of a search whose trials have finished:",
        "what the Snakefile's best job runs (hbgen run does the same by itself)."})
public final class FinishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The search directory.")
  Path dir;

  @Override public Integer call() {
    SearchDir search = SearchDir.open(dir);
    Optional<Outcome> best = BestFiles.write(search);
    PrintWriter out = spec.commandLine().getOut();
    out.println(best.map(o -> "Best: " + o.id().path() + ", objective " + o.objectiveText() + " (best.yaml).")
        .orElse("No trial finished with a usable result (best.yaml says found: false)."));
    out.flush();
    return 0;
  }
}
