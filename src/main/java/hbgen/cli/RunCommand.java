package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.run.Engine;
import hbgen.run.GpuPolicy;
import hbgen.run.RunLock;
import hbgen.run.RunSettings;
import hbgen.run.SnakemakeRunner;
import hbgen.search.SearchDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hbgen run DIR}: runs a search on this machine with the built-in engine (or hands it to Snakemake). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a search on this machine: the same run.sh, promotion and files as with Snakemake.",
        "Resumable: a rerun skips finished trials and reruns interrupted ones. Ctrl-C stops the running trials."},
    footer = {"", "Examples:", "  hbgen run my-search -j 4",
        "  hbgen run my-search --gpus 0,1 --jobs-per-gpu 2 --gpu-max-memory 0.75",
        "  hbgen run my-search --engine snakemake -j 100 -- --keep-going"})
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Parameters(index = "1..*", paramLabel = "SNAKEMAKE_ARG",
      description = "After --: more arguments for snakemake (with --engine snakemake).")
  List<String> extra = new ArrayList<>();

  @Option(names = {"-j", "--jobs"}, paramLabel = "N",
      description = "Most trials at once (default: the number of CPUs; with --gpus, GPUs times --jobs-per-gpu).")
  Integer jobs;

  @Option(names = "--gpus", paramLabel = "LIST",
      description = "GPU indices to use, e.g. 0,1,2,7: each trial gets one in CUDA_VISIBLE_DEVICES and HB_GPU.")
  String gpus;

  @Option(names = "--jobs-per-gpu", paramLabel = "K", description = "Most trials at once on one GPU (default: 1).")
  Integer jobsPerGpu;

  @Option(names = "--gpu-max-memory", paramLabel = "F",
      description = "Skip a GPU whose memory nvidia-smi reports as more than this fraction (0-1] used.")
  Double gpuMaxMemory;

  @Option(names = "--gpu-max-load", paramLabel = "F",
      description = "Skip a GPU whose utilization nvidia-smi reports as more than this fraction (0-1].")
  Double gpuMaxLoad;

  @Option(names = "--gpu-startup-delay", paramLabel = "S",
      description = "Seconds to wait after starting a trial on a GPU before starting another there (default: 0).")
  Double gpuStartupDelay;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "embedded",
      description = "embedded (default) or snakemake: run 'snakemake --snakefile DIR/Snakefile -j N' instead.")
  String engine;

  @Option(names = "--profile", paramLabel = "DIR", description = "Snakemake profile (with --engine snakemake).")
  Path profile;

  @Override public Integer call() {
    boolean snakemake = switch (engine) {
      case "embedded" -> false;
      case "snakemake" -> true;
      default -> throw new UsageError("--engine must be embedded or snakemake, was '" + engine + "'");
    };
    if (jobs != null && jobs < 1) {
      throw new UsageError("-j/--jobs must be >= 1, was " + jobs);
    }
    Optional<GpuPolicy> policy = gpuPolicy();
    if (snakemake && policy.isPresent()) {
      throw new UsageError("--gpus works with the embedded engine only (give Snakemake GPUs through its profile)");
    }
    if (!snakemake && (profile != null || !extra.isEmpty())) {
      throw new UsageError((profile != null ? "--profile needs" : "extra arguments (" + String.join(" ", extra) + ") need")
          + " --engine snakemake");
    }
    SearchDir search = dir.open();
    for (String file : snakemake ? List.of("run.sh", "Snakefile") : List.of("run.sh")) {
      // Checked first: otherwise every trial fails with exit code 127 and leaves a log behind.
      if (!Files.isRegularFile(search.root().resolve(file))) {
        throw new UsageError(search.root().resolve(file) + ": missing, the search is incomplete (write it again with 'hbgen "
            + search.strategy().replace("hyperband", "generate") + " --from " + search.root().resolve("hbgen.yaml") + " -o NEW_DIR')");
      }
    }
    int n = jobs != null ? jobs : policy.map(GpuPolicy::capacity).orElse(Runtime.getRuntime().availableProcessors());
    if (snakemake) {
      // hbgen's lock too, so that an embedded run and this one never share the search
      RunLock lock = RunLock.acquireForSnakemake(search.root());
      try {
        return SnakemakeRunner.run(search.root(), n, profile, extra, spec.commandLine().getOut(), spec.commandLine().getErr());
      } finally {
        lock.close();
      }
    }
    RunSettings settings = new RunSettings(n, policy, System.console() != null, Duration.ofSeconds(5), Duration.ofSeconds(10));
    return run(search, settings, spec);
  }

  /** Runs the embedded engine on a search while holding its lock. */
  static int run(SearchDir search, RunSettings settings, CommandSpec spec) {
    RunLock lock = RunLock.acquire(search.root());
    try {
      return new Engine(search, settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    } finally {
      lock.close();
    }
  }

  private Optional<GpuPolicy> gpuPolicy() {
    if (gpus == null) {
      for (Object o : new Object[] {jobsPerGpu, gpuMaxMemory, gpuMaxLoad, gpuStartupDelay}) {
        if (o != null) {
          throw new UsageError("--jobs-per-gpu, --gpu-max-memory, --gpu-max-load and --gpu-startup-delay need --gpus");
        }
      }
      return Optional.empty();
    }
    double delay = gpuStartupDelay == null ? 0 : gpuStartupDelay;
    if (!Double.isFinite(delay) || delay < 0) {
      throw new UsageError("--gpu-startup-delay must be >= 0 seconds, was " + gpuStartupDelay);
    }
    // NaN means "no limit" inside GpuPolicy, so an explicit NaN must not slip through as one.
    if (gpuMaxMemory != null && Double.isNaN(gpuMaxMemory)) {
      throw new UsageError("--gpu-max-memory must be a fraction in (0, 1], was NaN");
    }
    if (gpuMaxLoad != null && Double.isNaN(gpuMaxLoad)) {
      throw new UsageError("--gpu-max-load must be a fraction in (0, 1], was NaN");
    }
    try {
      return Optional.of(new GpuPolicy(GpuPolicy.parseList(gpus), jobsPerGpu == null ? 1 : jobsPerGpu,
          gpuMaxMemory == null ? Double.NaN : gpuMaxMemory, gpuMaxLoad == null ? Double.NaN : gpuMaxLoad,
          Math.round(delay * 1000)));
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }
}
