package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.plan.CostModel;
import hbgen.plan.Plan;
import hbgen.render.TemplateEngine;
import hbgen.search.ExampleTrainer;
import hbgen.search.Launcher;
import hbgen.search.SearchSpec;
import hbgen.search.SearchWriter;
import hbgen.search.SpaceFile;
import hbgen.search.Snapshot;
import hbgen.trial.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Options shared by the commands that write a search (generate, random, grid). */
public final class SearchOptions {
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

  /** Whether trainers resume from their parent's checkpoint (generate --resume-from-parent). */
  boolean resumeFromParent;

  /** Settings taken from a manifest by --from, or null. */
  FromManifest recorded;

  @Option(names = "--launcher", paramLabel = "KIND", description = "How run.sh starts the trainer: local, srun (a Slurm job step per trial) or sbatch (sbatch --wait). Default: local, or the space's slurm.launcher.")
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

  /** The engine over the built-in templates and --template-dir. */
  TemplateEngine templates() {
    if (recorded != null) {
      return new TemplateEngine(recorded.templatesDir());
    }
    return new TemplateEngine(templateDir);
  }

  /** Builds the spec of a search to write into {@link #output}. */
  SearchSpec spec(String strategy, Plan plan, List<String> command) {
    return spec(strategy, plan, command, List.of());
  }

  /** Builds the spec, with the configurations of a grid search when {@code grid} is not empty. */
  SearchSpec spec(String strategy, Plan plan, List<String> command, List<Map<String, Object>> grid) {
    boolean example = trainer == null;
    SpaceFile spaceFile;
    String spacePath;
    if (recorded != null) {
      spacePath = recorded.spacePath();
      spaceFile = SpaceFile.parse(recorded.manifestPath() + " (space.text)", recorded.spaceText());
    } else if (space != null) {
      spacePath = space.toString();
      spaceFile = SpaceFile.parse(spacePath, read(space));
    } else {
      spacePath = "(bundled example space)";
      spaceFile = SpaceFile.parse("example-trainer/space.yaml (built-in)", ExampleTrainer.spaceText());
    }
    String obj = objective != null ? objective : example ? "loss" : "";
    if (example && objective == null && maximize) {
      obj = "accuracy";
    }
    Snapshot snap = snapshot == null ? null : Snapshot.of(snapshot);
    if (recorded != null && recorded.snapshotDir() != null) {
      snap = Snapshot.of(recorded.snapshotDir());
    }
    String dir = example ? "." : snap != null ? snapshotTrainerDir(snap) : trainerDirRelativeToSearch();
    if (recorded != null) {
      dir = recorded.trainerDir();
    }
    long s = recorded != null ? recorded.seed() : seed != null ? seed : new SecureRandom().nextLong() >>> 1;
    String commit = recorded != null ? recorded.gitCommit() : gitCommit();
    Launcher launch = launcher(spaceFile.slurm(), spacePath);
    try {
      return new SearchSpec(strategy, plan, cost(), s, spaceFile, spacePath, obj, direction(),
          example ? ExampleTrainer.COMMAND : trainer, dir, example, retries, allowDuplicates,
          command, launch, grid, snap, commit, resumeFromParent);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** The launcher: command-line options over the space file's {@code slurm:} section. */
  Launcher launcher(Map<String, Object> fromSpace, String spacePath) {
    java.util.Set<String> known = java.util.Set.of("launcher", "partition", "time", "time_per_budget", "mem", "cpus",
        "gpus", "account", "qos", "extra");
    for (String key : fromSpace.keySet()) {
      if (!known.contains(key)) {
        throw new UsageError(spacePath + ": slurm." + key + " is not a setting (expected one of " + new java.util.TreeSet<>(known) + ")");
      }
    }
    try {
      String kind = pick(launcher, fromSpace, "launcher", "local");
      String time = pick(slurmTime, fromSpace, "time", null);
      String perBudget = pick(slurmTimePerBudget, fromSpace, "time_per_budget", null);
      String cpus = pick(slurmCpus == null ? null : slurmCpus.toString(), fromSpace, "cpus", null);
      List<String> extra;
      if (slurmExtra != null) {
        extra = Launcher.words(slurmExtra);
      } else if (fromSpace.get("extra") instanceof List<?> l) {
        extra = l.stream().map(String::valueOf).toList();
      } else {
        extra = fromSpace.get("extra") == null ? List.of() : Launcher.words(String.valueOf(fromSpace.get("extra")));
      }
      int cpuCount;
      try {
        cpuCount = cpus == null ? 0 : Integer.parseInt(cpus);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--slurm-cpus must be a whole number, was '" + cpus + "'");
      }
      if (cpus != null && cpuCount < 1) {
        throw new IllegalArgumentException("--slurm-cpus must be >= 1, was " + cpus);
      }
      return new Launcher(kind, pick(slurmPartition, fromSpace, "partition", null),
          time == null ? 0 : Launcher.parseTime("--slurm-time", time),
          perBudget == null ? 0 : Launcher.parseTime("--slurm-time-per-budget", perBudget),
          pick(slurmMem, fromSpace, "mem", null), cpuCount, pick(slurmGpus, fromSpace, "gpus", null),
          pick(slurmAccount, fromSpace, "account", null), pick(slurmQos, fromSpace, "qos", null), extra);
    } catch (IllegalArgumentException e) {
      throw new UsageError(blame(e.getMessage(), fromSpace, spacePath));
    }
  }

  /** A message about an option, reworded to name the space's {@code slurm.KEY} when the value came from there. */
  private String blame(String message, Map<String, Object> fromSpace, String spacePath) {
    Map<String, Object> given = new java.util.HashMap<>();
    given.put("launcher", launcher);
    given.put("partition", slurmPartition);
    given.put("time", slurmTime);
    given.put("time_per_budget", slurmTimePerBudget);
    given.put("mem", slurmMem);
    given.put("cpus", slurmCpus);
    given.put("gpus", slurmGpus);
    given.put("account", slurmAccount);
    given.put("qos", slurmQos);
    given.put("extra", slurmExtra);
    for (String key : fromSpace.keySet()) {
      String option = key.equals("launcher") ? "--launcher" : "--slurm-" + key.replace('_', '-');
      if (given.get(key) == null && message.startsWith(option + " ")) {
        return spacePath + ": slurm." + key + message.substring(option.length());
      }
    }
    return message;
  }

  private static String pick(String option, Map<String, Object> fromSpace, String key, String fallback) {
    if (option != null) {
      return option;
    }
    Object v = fromSpace.get(key);
    return v == null ? fallback : String.valueOf(v);
  }

  /** The trainer's directory inside the snapshot: code/, plus where the cwd sits in the copied tree. */
  private String snapshotTrainerDir(Snapshot snap) {
    Path cwd = trainerDir == null ? Path.of("").toAbsolutePath() : Path.of("").toAbsolutePath().resolve(trainerDir).normalize();
    if (cwd.startsWith(snap.source())) {
      Path rel = snap.source().relativize(cwd);
      return rel.toString().isEmpty() ? Snapshot.DIR : Snapshot.DIR + "/" + rel;
    }
    return Snapshot.DIR;
  }

  private String trainerDirRelativeToSearch() {
    Path cwd = Path.of("").toAbsolutePath();
    Path dir = trainerDir == null ? cwd : cwd.resolve(trainerDir).normalize();
    if (trainerDir != null && !Files.isDirectory(dir)) {
      throw new UsageError(trainerDir + ": --trainer-dir is not a directory");
    }
    Path root = cwd.resolve(output).normalize();
    try {
      String rel = root.relativize(dir).toString();
      return rel.isEmpty() ? "." : rel;
    } catch (IllegalArgumentException e) {
      return dir.toString();
    }
  }

  static String read(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new UsageError(file + ": is a directory, expected a YAML file");
      }
      return hbgen.render.Utf8Text.read(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UsageError(file + ": no such file");
    } catch (java.nio.file.FileSystemException e) {
      // ENOTDIR: a parent on the path is a file
      throw new UsageError(file + ": cannot read: " + (e.getReason() != null ? e.getReason() : hbgen.search.AtomicFiles.describe(e)));
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + hbgen.search.AtomicFiles.describe(e));
    }
  }

  /** Writes the search and returns the number of configurations. */
  long write(SearchSpec spec, TemplateEngine engine) {
    SearchWriter writer = new SearchWriter(engine, Version.get());
    writer.checkTemplates();
    return writer.write(spec, output, overwrite, created());
  }

  static String created() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The commit of the working directory's git repository, if there is one. */
  static String gitCommit() {
    Path dir = Path.of("").toAbsolutePath();
    boolean inRepo = false;
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        inRepo = true;
        break;
      }
    }
    if (!inRepo) {
      return null;
    }
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      git.getOutputStream().close();
      String out = new String(git.getInputStream().readAllBytes()).strip();
      if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40,64}")) {
        return out;
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted");
    }
  }
}
