package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.plan.PlanText;
import hbgen.render.TemplateEngine;
import hbgen.search.Manifest;
import hbgen.search.RecordedSearch;
import hbgen.search.SearchDir;
import hbgen.search.SearchSpec;
import hbgen.search.SearchWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hbgen random N -o DIR --budget B}: random search as one stage of N trials. Run again on
 * the same DIR, it appends N more: configuration i depends only on (seed, i), so the existing
 * ones stay byte for byte and nothing that already ran runs again.
 */
@Command(name = "random", mixinStandardHelpOptions = true,
    description = "Random search: N configurations in one stage; again on the same DIR appends N more.")
public final class RandomCommand implements Callable<Integer>, FromManifest.Replayable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "N", description = "Number of configurations to add.")
  Long count;

  @Mixin BudgetOption budget;

  @Mixin SearchOptions options;

  @Override public SearchOptions options() {
    return options;
  }

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (options.output == null) {
      throw new UsageError("random needs -o DIR");
    }
    if (options.from != null && options.recorded == null) {
      RecordedSearch rec = RecordedSearch.read(options.from, "random");
      RandomCommand replay = FromManifest.replay(rec, RandomCommand.class, spec, options, null);
      replay.spec = spec;
      replay.count = rec.configs();
      return replay.call();
    }
    if (count == null) {
      throw new UsageError("random needs N, the number of configurations (or --from DIR/hbgen.yaml)");
    }
    options.validate();
    if (count < 1 || count > GenerateCommand.MAX_CONFIGS) {
      throw new UsageError("N must be between 1 and " + GenerateCommand.MAX_CONFIGS + ", was " + count);
    }
    double budget = this.budget.value();
    Path dir = options.output;
    if (Files.isRegularFile(dir.resolve(Manifest.FILE)) && options.recorded == null && !options.overwrite) {
      return append(out, dir);
    }
    Plan plan = Hyperband.singleStage(count, budget);
    TemplateEngine engine = options.templates();
    SearchSpec search = options.spec("random", plan, command(count));
    long n = options.write(search, engine);
    out.print(PlanText.render("Random", plan, options.cost(), false));
    out.printf("Wrote %d configurations to %s (seed %d).%n", n, dir, search.seed());
    out.flush();
    return ExitCode.OK;
  }

  /** Adds {@link #count} configurations to the random search in {@code dir}. */
  private int append(PrintWriter out, Path dir) {
    SearchDir existing = SearchDir.open(dir);
    if (!existing.strategy().equals("random")) {
      throw new UsageError(dir + ": is a " + existing.strategy() + " search; random can only extend a random search (or pass --overwrite)");
    }
    RecordedSearch rec = RecordedSearch.read(dir.resolve(Manifest.FILE), "random");
    long before = rec.configs();
    double recordedBudget = existing.plan().brackets().get(0).stages().get(0).budget();
    // Replay the recorded command with the new total: same seed, space, trainer, templates; an
    // option given again must have the recorded value.
    RandomCommand replay = FromManifest.replay(rec, RandomCommand.class, spec, options, "N");
    long total = before + count;
    if (total > GenerateCommand.MAX_CONFIGS) {
      throw new UsageError("the search would have " + total + " configurations; at most " + GenerateCommand.MAX_CONFIGS);
    }
    replay.count = total;
    SearchOptions o = replay.options;
    o.validate();
    Plan plan = Hyperband.singleStage(total, recordedBudget);
    SearchSpec search = o.spec("random", plan, replay.command(total));
    TemplateEngine engine = o.templates();
    SearchWriter writer = new SearchWriter(engine, Version.get());
    writer.checkTemplates();
    o.confirmSize(writer, search, count, 0);
    long added = writer.append(search, dir, before, SearchOptions.created());
    out.printf("Added %d configurations to %s: %d in all (seed %d).%n", added, dir, total, search.seed());
    out.flush();
    return ExitCode.OK;
  }

  /** The command line to record: the one given, with N replaced by the total. */
  private List<String> command(long total) {
    List<String> args = new ArrayList<>(options.recorded != null ? options.recorded.command()
        : spec.commandLine().getParseResult().originalArgs());
    int at = -1;
    for (int i = 1; i < args.size(); i++) {
      if (args.get(i).matches("\\d+") && (i == 1 || !args.get(i - 1).startsWith("-"))) {
        at = i;
        break;
      }
    }
    if (at >= 1) {
      args.set(at, Long.toString(total));
    }
    return args;
  }
}
