package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.model.Batches;
import hbgen.run.ProposalFiles;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbgen propose DIR BRACKET BATCH}: the Snakefile's propose job, the proposal {@code hbgen run} makes. */
@Command(name = "propose", mixinStandardHelpOptions = true,
    description = {"Propose a batch of stage-0 configurations of a --sampler bohb search from the results its rule",
        "gives it: what the Snakefile's propose job runs (hbgen run does the same by itself). Writes the batch's",
        "configs and bracket-I/stage-0/proposal-K.yaml."})
public final class ProposeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The search directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "BRACKET", description = "The bracket.")
  int bracket;

  @Parameters(index = "2", paramLabel = "BATCH", description = "The bracket's batch (0 for its first B configurations).")
  int batch;

  @Override public Integer call() {
    SearchDir search = SearchDir.open(dir);
    Batches batches = search.batches();
    if (batches == null) {
      throw new UsageError(dir + ": draws its configurations when it is written (sampler random); nothing to propose");
    }
    if (search.plan().brackets().stream().noneMatch(b -> b.index() == bracket)) {
      throw new UsageError("BRACKET: the search has no bracket " + bracket);
    }
    int count = batches.of(bracket).size();
    if (batch < 0 || batch >= count) {
      throw new UsageError("BATCH: bracket " + bracket + " has batches 0 to " + (count - 1) + ", was " + batch);
    }
    ProposalFiles.Proposal p = ProposalFiles.propose(search, batches.batch(bracket, batch));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Proposed %d configurations for bracket %d, batch %d, from %d results (%s).%n", p.batch().count(),
        bracket, batch, p.observations(), p.model().isEmpty() ? "no budget has enough for a model yet: drawn from the prior"
            : "model of budget " + p.model());
    out.flush();
    return ExitCode.OK;
  }
}
