package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.plan.CostModel;
import hbgen.plan.Plan;
import hbgen.render.TemplateEngine;
import hbgen.search.LauncherSettings;
import hbgen.search.LsfSettings;
import hbgen.search.RecordedSearch;
import hbgen.search.SearchRequest;
import hbgen.search.SearchSize;
import hbgen.search.SearchSpec;
import hbgen.search.SearchWriter;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that write a search (generate, random, grid): the picocli
 * declarations and their checks; {@link SearchRequest} builds the search from them.
 */
public final class SearchOptions {
  /** Most configurations written without --yes. */
  static final long LARGE = 100_000;
  private static final String LARGE_TEXT = "100,000";
  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Write the search into DIR (without it, only print the plan).")
  Path output;

  @Option(names = "--space", paramLabel = "FILE", description = "YAML search space (default: the bundled example's).")
  Path space;

  @Option(names = "--trainer", paramLabel = "CMD", description = "Training command; run.sh appends the config file and the budget (default: the bundled example trainer).")
  String trainer;

  @Option(names = "--trainer-dir", paramLabel = "DIR", description = "Working directory of the trainer (default: the current directory).")
  Path trainerDir;

  @Option(names = "--template-dir", paramLabel = "DIR", description = "Templates that override the built-ins file by file (see 'hbgen templates export').")
  Path templateDir;

  @Option(names = "--random-seed", paramLabel = "SEED", description = "Seed of all randomness (default: a random seed, recorded in hbgen.yaml).")
  Long seed;

  @Option(names = {"-r", "--repetitions"}, defaultValue = "1", description = "Cross-validation repetitions (cost model; passed in the config). Default: ${DEFAULT-VALUE}.")
  int repetitions;

  @Option(names = {"-k", "--folds"}, defaultValue = "1", description = "Cross-validation folds (cost model; passed in the config). Default: ${DEFAULT-VALUE}.")
  int folds;

  @Option(names = {"-t", "--cost-one-epoch-full-dataset"}, paramLabel = "HOURS", description = "Hours of one epoch on the full data set; costs are then in hours.")
  Double epochHours;

  @Option(names = "--objective", paramLabel = "METRIC", description = "Metric of a result map to optimize (default: the bare number, or the only metric).")
  String objective;

  @Option(names = "--minimize", description = "Smaller objective is better (default).")
  boolean minimize;

  @Option(names = "--maximize", description = "Larger objective is better.")
  boolean maximize;

  @Option(names = "--retries", defaultValue = "0", paramLabel = "N", description = "Extra attempts of a failing trial before it is marked failed. Default: ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--overwrite", description = "Replace an existing, non-empty output directory.")
  boolean overwrite;

  @Option(names = "--allow-duplicates", description = "Allow stage-0 configurations to repeat.")
  boolean allowDuplicates;

  @Option(names = "--snapshot", paramLabel = "PATH", description = "Copy the trainer's code from PATH into DIR/code/ (git: tracked and unignored files with uncommitted changes; commit and dirty flag in hbgen.yaml) and run the trainer from that copy.")
  Path snapshot;

  @Option(names = "--from", paramLabel = "MANIFEST", description = "Regenerate the search described by an hbgen.yaml (same seed, space, templates, trainer) into -o DIR.")
  Path from;

  @Option(names = "--yes", description = "Write a search of more than " + LARGE_TEXT + " configurations (without it, such a search is refused with its size).")
  boolean yes;

  /** Whether trainers resume from their parent's checkpoint (generate --resume-from-parent). */
  boolean resumeFromParent;

  /** The rule that names the best trial (generate --incumbent); null: the default. */
  Incumbent incumbent;

  /** How stage-0 configurations are chosen (generate --sampler, --batch); null: random draws. */
  hbgen.model.SamplerChoice sampler;

  /** The manifest the search is written again from (--from, or random appending), or null. */
  RecordedSearch recorded;

  @Option(names = "--launcher", paramLabel = "KIND", description = "How run.sh starts the trainer: local, srun (a Slurm job step per trial), sbatch (sbatch --wait) or bsub (an LSF job per trial, bsub -K). Default: local, or the space's slurm.launcher.")
  String launcher;

  @Option(names = "--slurm-partition", paramLabel = "NAME", description = "Slurm partition.")
  String slurmPartition;

  @Option(names = "--slurm-time", paramLabel = "TIME", description = "Slurm time limit of every trial (e.g. 01:00:00); with --slurm-time-per-budget, the floor.")
  String slurmTime;

  @Option(names = "--slurm-time-per-budget", paramLabel = "TIME", description = "Slurm time limit per budget unit (e.g. 00:05:00): grows with the stage's budget.")
  String slurmTimePerBudget;

  @Option(names = "--slurm-mem", paramLabel = "MEM", description = "Slurm --mem (e.g. 4G).")
  String slurmMem;

  @Option(names = "--slurm-cpus", paramLabel = "N", description = "Slurm --cpus-per-task.")
  Integer slurmCpus;

  @Option(names = "--slurm-gpus", paramLabel = "GPUS", description = "Slurm --gpus (e.g. 1 or a100:1).")
  String slurmGpus;

  @Option(names = "--slurm-account", paramLabel = "NAME", description = "Slurm --account.")
  String slurmAccount;

  @Option(names = "--slurm-qos", paramLabel = "NAME", description = "Slurm --qos.")
  String slurmQos;

  @Option(names = "--slurm-extra", paramLabel = "ARGS", description = "Further srun/sbatch options, split like shell words (e.g. \"--constraint=v100 --exclusive\").")
  String slurmExtra;

  @Option(names = "--lsf-queue", paramLabel = "NAME", description = "LSF queue (bsub -q).")
  String lsfQueue;

  @Option(names = "--lsf-time", paramLabel = "TIME", description = "LSF run limit of every trial, [hour:]minute (bsub -W, e.g. 24:00); with --lsf-time-per-budget, the floor.")
  String lsfTime;

  @Option(names = "--lsf-time-per-budget", paramLabel = "TIME", description = "LSF run limit per budget unit, [hour:]minute: grows with the stage's budget.")
  String lsfTimePerBudget;

  @Option(names = "--lsf-mem", paramLabel = "MEM", description = "LSF memory reservation, bsub -R \"rusage[mem=MEM]\" (e.g. 8000 or 8GB).")
  String lsfMem;

  @Option(names = "--lsf-cpus", paramLabel = "N", description = "LSF slots (bsub -n).")
  Integer lsfCpus;

  @Option(names = "--lsf-gpus", paramLabel = "GPUS", description = "LSF GPUs: a count N (bsub -gpu \"num=N\") or a whole -gpu requirement.")
  String lsfGpus;

  @Option(names = "--lsf-project", paramLabel = "NAME", description = "LSF project (bsub -P).")
  String lsfProject;

  @Option(names = "--lsf-extra", paramLabel = "ARGS", description = "Further bsub options, split like shell words (e.g. \"-m 'hostA hostB' -x\").")
  String lsfExtra;

  @Option(names = "--slurm-signal", paramLabel = "SIG@SECONDS", description = "Signal the trainer this many seconds before its Slurm time limit, to save a checkpoint (default: USR1@120 when a time limit is set; none: no signal).")
  String slurmSignal;

  @Option(names = "--slurm-requeue", paramLabel = "N", description = "Start a trial again, up to N times, when its job ends by its time limit, by preemption or by scontrol requeue; it resumes from HB_RESUME_DIR. Default: 0.")
  Integer slurmRequeue;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Time limit of a local trial (e.g. 90s, 30m, 2h, 01:00:00): its process group gets TERM, then KILL 10 s later, and it fails with kind timeout.")
  String timeout;

  /** The cost model of the options, or a usage error naming the bad value. */
  CostModel cost() {
    try {
      return new CostModel(repetitions, folds, epochHours == null ? Double.NaN : epochHours);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  Direction direction() {
    if (minimize && maximize) {
      throw new UsageError("--minimize and --maximize exclude each other");
    }
    return maximize ? Direction.MAXIMIZE : Direction.MINIMIZE;
  }

  /** Checks the options that need no file system, before anything is read or written. */
  void validate() {
    nonEmpty("-o/--output-dir", output);
    nonEmpty("--space", space);
    nonEmpty("--template-dir", templateDir);
    nonEmpty("--trainer-dir", trainerDir);
    nonEmpty("--snapshot", snapshot);
    cost();
    direction();
    if (retries < 0) {
      throw new UsageError("--retries must be >= 0, was " + retries);
    }
    if (trainer != null && trainer.isBlank()) {
      throw new UsageError("--trainer must not be empty");
    }
    if (objective != null && !objective.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
      throw new UsageError("--objective must be a metric name (letters, digits, _ . -), was '" + objective + "'");
    }
  }

  private static void nonEmpty(String option, Path path) {
    if (path != null && path.toString().isBlank()) {
      throw new UsageError(option + " must name a path, was '" + path + "'");
    }
  }

  /** The engine over the built-in templates and --template-dir (a search written again: its own copies). */
  TemplateEngine templates() {
    return new TemplateEngine(recorded != null ? recorded.templatesDir() : templateDir);
  }

  /** The launcher options as given (null where not given). */
  LauncherSettings launcherSettings() {
    return new LauncherSettings(launcher, slurmPartition, slurmTime, slurmTimePerBudget, slurmMem, slurmCpus,
        slurmGpus, slurmAccount, slurmQos, slurmExtra, slurmSignal, slurmRequeue, timeout,
        new LsfSettings(lsfQueue, lsfTime, lsfTimePerBudget, lsfMem, lsfCpus, lsfGpus, lsfProject, lsfExtra));
  }

  /** The options as the domain's request for a search. */
  SearchRequest request() {
    return new SearchRequest(output, space, trainer, trainerDir, seed, cost(), objective, direction(), retries,
        allowDuplicates, snapshot, launcherSettings(), resumeFromParent, recorded, incumbent, sampler);
  }

  /** Builds the spec of a search to write into {@link #output}. */
  SearchSpec spec(String strategy, Plan plan, List<String> command) {
    return spec(strategy, plan, command, List.of());
  }

  /** Builds the spec, with the configurations of a grid search when {@code grid} is not empty. */
  SearchSpec spec(String strategy, Plan plan, List<String> command, List<Map<String, Object>> grid) {
    return request().spec(strategy, plan, command, grid);
  }

  /** Writes the search and returns the number of configurations. */
  long write(SearchSpec spec, TemplateEngine engine) {
    SearchWriter writer = new SearchWriter(engine, Version.get());
    writer.checkTemplates();
    confirmSize(writer, spec, spec.plan().sampledConfigs(), spec.plan().trials() - spec.plan().sampledConfigs());
    return writer.write(spec, output, overwrite, created());
  }

  /**
   * Refuses to write more than {@link #LARGE} configurations without {@code --yes}, naming what
   * they would cost: a million files can be a user's whole inode quota on a shared file system
   * (issue 16: 834,008 configurations, 6.4 GB, written without a word). Nothing is written before.
   */
  void confirmSize(SearchWriter writer, SearchSpec spec, long configs, long promotedTrials) {
    if (configs <= LARGE || yes) {
      return;
    }
    SearchSize size = SearchSize.of(configs, writer.oneConfigBytes(spec));
    throw new UsageError(String.format(java.util.Locale.ROOT,
        "%s: %,d configurations is more than %s: writing them makes %s; running the trials adds about %,d more"
            + " (%d per trial, %d per promoted trial, besides the trainer's own files); pass --yes to write them",
        output, configs, LARGE_TEXT, size.describe(), SearchSize.runFiles(configs, promotedTrials),
        SearchSize.RUN_FILES_PER_TRIAL, SearchSize.RUN_FILES_PER_PROMOTED));
  }

  static String created() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
