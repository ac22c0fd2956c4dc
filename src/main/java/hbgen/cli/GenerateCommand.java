package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.plan.CostModel;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.plan.PlanText;
import hbgen.search.RecordedSearch;
import hbgen.search.SearchSpec;
import hbgen.model.SamplerChoice;
import hbgen.trial.Incumbent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hbgen generate S_MAX ETA}: plans Hyperband and, with -o, writes the search. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Plan a Hyperband search; with -o DIR, write it (Snakefile, run.sh, configurations).")
public final class GenerateCommand implements Callable<Integer>, FromManifest.Replayable {
  /** Most stage-0 configurations a written search may have. */
  static final long MAX_CONFIGS = 2_000_000;

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "S_MAX", description = "Number of brackets minus one (>= 0); R = ETA^S_MAX.")
  Integer sMax;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ETA", description = "Promotion ratio (>= 2): each stage keeps 1/ETA of the one before.")
  Integer eta;

  @Option(names = "--guaranteed-budget", paramLabel = "G", defaultValue = "0", description = "Budget added to every stage. Default: ${DEFAULT-VALUE}.")
  double guaranteedBudget;

  @Option(names = "--bracket", paramLabel = "I", description = "Keep only this bracket (repeatable).")
  List<Integer> brackets = new ArrayList<>();

  @Option(names = "--last-stage", paramLabel = "J", description = "Cut every bracket after stage J.")
  Integer lastStage;

  @Option(names = "--resume-from-parent", description = "Trainers continue promoted configurations from their parent's checkpoint ($HB_PARENT_DIR): plan costs count only the new budget.")
  boolean resume;

  @Option(names = "--iterations", paramLabel = "K", defaultValue = "1",
      description = "Run Hyperband's outer loop K times: iteration k's bracket i is bracket k*(S_MAX+1)+i, with fresh configurations. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--incumbent", paramLabel = "RULE", defaultValue = "top-budget",
      description = "Which trial is the best: top-budget (the best among the trials at the largest budget that has a finished trial) or all (the best over all finished trials). Default: ${DEFAULT-VALUE}.")
  String incumbent;

  @Option(names = "--sampler", paramLabel = "NAME", defaultValue = "random",
      description = "How stage-0 configurations are chosen: random (drawn when the search is written) or bohb (proposed in batches as the search runs, by BOHB's model of the results so far). Default: ${DEFAULT-VALUE}.")
  String sampler;

  @Option(names = "--batch", paramLabel = "B",
      description = "With --sampler bohb: configurations proposed per batch; the model is refitted before each batch. Default: " + SamplerChoice.DEFAULT_BATCH + ".")
  Integer batch;

  @Mixin SearchOptions options;

  @Override public SearchOptions options() {
    return options;
  }

  @Override public Integer call() {
    if (options.from != null && options.recorded == null) {
      if (options.output == null) {
        throw new UsageError("--from needs -o DIR: where to write the search again");
      }
      GenerateCommand replay = FromManifest.replay(RecordedSearch.read(options.from, "generate"), GenerateCommand.class,
          spec, options, null);
      replay.spec = spec;
      return replay.call();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (sMax == null || eta == null) {
      throw new UsageError("generate needs S_MAX and ETA (e.g. hbgen generate 4 3), or --from DIR/hbgen.yaml");
    }
    Plan plan = checkedPlan();
    CostModel cost = options.cost();
    if (options.output == null) {
      out.print(PlanText.render("Hyperband", plan, cost, resume));
      out.flush();
      return ExitCode.OK;
    }
    checkSize(plan);
    var engine = options.templates();
    SearchSpec search = spec(plan);
    long n = options.write(search, engine);
    out.print(PlanText.render("Hyperband", plan, cost, resume));
    if (search.sampler().proposes()) {
      out.printf("Wrote a search of %d trials to %s (seed %d): its %d stage-0 configurations are proposed in batches"
          + " of %d as it runs.%n", plan.trials(), options.output, search.seed(), plan.sampledConfigs(),
          search.sampler().batch());
    } else {
      out.printf("Wrote %d configurations (%d trials) to %s (seed %d).%n", n, plan.trials(), options.output, search.seed());
    }
    out.printf("Run it with: hbgen run %s   or   snakemake --snakefile %s/Snakefile -j 4%n", options.output, options.output);
    out.flush();
    return ExitCode.OK;
  }

  /** Checks the options this command adds to {@link SearchOptions} and plans. */
  Plan checkedPlan() {
    options.validate();
    if (!(guaranteedBudget >= 0) || Double.isInfinite(guaranteedBudget)) {
      throw new UsageError("--guaranteed-budget must be a finite number >= 0, was " + guaranteedBudget);
    }
    if (lastStage != null && lastStage < 0) {
      throw new UsageError("--last-stage must be >= 0, was " + lastStage);
    }
    options.incumbent = incumbent();
    options.sampler = sampler();
    return plan();
  }

  static void checkSize(Plan plan) {
    if (plan.sampledConfigs() > MAX_CONFIGS) {
      throw new UsageError("the plan has " + plan.sampledConfigs() + " stage-0 configurations; at most "
          + MAX_CONFIGS + " can be written (lower S_MAX, raise ETA, or pick brackets with --bracket)");
    }
  }

  /** The search to write into {@code -o}, with {@code plan}. */
  SearchSpec spec(Plan plan) {
    options.resumeFromParent = resume;
    return options.spec("hyperband", plan, command());
  }

  private SamplerChoice sampler() {
    SamplerChoice.Kind kind;
    try {
      kind = SamplerChoice.Kind.of(sampler);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--sampler must be random or bohb, was '" + sampler + "'");
    }
    if (kind == SamplerChoice.Kind.RANDOM) {
      if (batch != null) {
        throw new UsageError("--batch is for --sampler bohb (random draws every configuration when the search is written)");
      }
      return SamplerChoice.random();
    }
    if (batch != null && batch < 1) {
      throw new UsageError("--batch must be >= 1, was " + batch);
    }
    if (options.allowDuplicates) {
      throw new UsageError("--allow-duplicates is for random draws: --sampler bohb proposes every configuration once");
    }
    return SamplerChoice.bohb(batch == null ? SamplerChoice.DEFAULT_BATCH : batch);
  }

  private Incumbent incumbent() {
    try {
      return Incumbent.of(incumbent);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--incumbent must be " + Incumbent.labels() + ", was '" + incumbent + "'");
    }
  }

  Plan plan() {
    try {
      return Hyperband.plan(sMax, eta, guaranteedBudget, new LinkedHashSet<>(brackets), lastStage == null ? -1 : lastStage,
          iterations);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private List<String> command() {
    return options.recorded != null ? options.recorded.command() : spec.commandLine().getParseResult().originalArgs();
  }
}
