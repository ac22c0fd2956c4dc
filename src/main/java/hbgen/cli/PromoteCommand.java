package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.run.PromotionFiles;
import hbgen.run.Schedule;
import hbgen.search.SearchDir;
import hbgen.trial.Promotion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbgen promote DIR BRACKET STAGE}: the Snakefile's promote job, the promotion {@code hbgen run} does. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = {"Promote the best trials of a stage into the next one: what the Snakefile's promote job runs",
        "(hbgen run does the same by itself). Writes the stage's configs, promoted-from and promotion.yaml."})
public final class PromoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The search directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "BRACKET", description = "The bracket.")
  int bracket;

  @Parameters(index = "2", paramLabel = "STAGE", description = "The stage to fill (1 or later).")
  int stage;

  @Override public Integer call() {
    SearchDir search = SearchDir.open(dir);
    if (search.plan().brackets().stream().noneMatch(b -> b.index() == bracket)) {
      throw new UsageError("BRACKET: the search has no bracket " + bracket);
    }
    Bracket b = search.plan().bracket(bracket);
    if (stage < 1 || stage >= b.stages().size()) {
      throw new UsageError("STAGE: bracket " + bracket + " has stages 1 to " + (b.stages().size() - 1)
          + " to promote into, was " + stage);
    }
    Promotion p = PromotionFiles.promote(search, new Schedule.StageRef(bracket, stage));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Promoted %d of %d slots into bracket %d, stage %d (shortfall %d).%n",
        p.promoted().size(), p.slots(), bracket, stage, p.shortfall());
    out.flush();
    return 0;
  }
}
