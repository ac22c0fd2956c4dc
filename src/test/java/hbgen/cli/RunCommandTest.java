package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.Survivors;
import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code hbgen run}: bad input in process; signals, kills, the lock and GPUs with hbgen as a
 * separate JVM (its own signals, its own PATH for a fake nvidia-smi).
 */
class RunCommandTest {
  @TempDir Path tmp;

  /**
   * A trainer that counts its calls, takes {@code delay} seconds (a file next to it), waits while
   * a file {@code hold} exists, and while a file {@code slow} exists blocks on a grandchild
   * {@code sleep 60}, recording both pids.
   */
  private static final String COUNTING = """
      #!/usr/bin/env bash
      here=$(dirname "$0")
      echo "start $HB_DIR" >> "$here/calls"
      if [[ -f $here/hold ]]; then
        echo "held $HB_DIR" >> "$here/calls"
        while [[ -f $here/hold ]]; do sleep 0.05; done
      fi
      if [[ -f $here/slow ]]; then
        sleep 60 &
        echo "$$ $!" >> "$here/pids"
        wait
      fi
      sleep "$(cat "$here/delay" 2>/dev/null || echo 0)"
      echo $(( HB_SEED % 5 )) > "$HB_RESULT"
      echo "end $HB_DIR" >> "$here/calls"
      """;

  private Path trainerDir;
  private Path root;

  @BeforeEach
  void search() throws IOException {
    trainerDir = tmp.resolve("trainer");
    String trainer = TestSearch.trainer(trainerDir, "train.sh", COUNTING);
    root = TestSearch.generate(tmp.resolve("s"), "2", "3", "--trainer", trainer);
  }

  private Process hbgen(Path log, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("run", root.toString()));
    all.addAll(List.of(args));
    return TestSearch.start(log, Map.of(), all.toArray(String[]::new));
  }

  private static void signal(Process p, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
  }

  private long lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  @Nested
  class BadInput {
    private void refused(String message, String... args) {
      Cli.Run r = Cli.run(args);
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: " + message + "\n");
    }

    @Test
    void refusesZeroJobs() {
      refused("-j/--jobs must be >= 1, was 0", "run", root.toString(), "-j", "0");
    }

    @Test
    void refusesAMalformedGpuList() {
      refused("--gpus must be comma-separated GPU indices such as 0,1,3, was '0,x'", "run", root.toString(), "--gpus", "0,x");
      refused("--gpus lists GPU 1 twice: '1,1'", "run", root.toString(), "--gpus", "1,1");
    }

    @Test
    void refusesADirectoryThatIsNotASearch() throws IOException {
      Path empty = Files.createDirectories(tmp.resolve("empty"));
      refused(empty + ": not an hbgen search (no hbgen.yaml; create one with 'hbgen generate ... -o DIR')",
          "run", empty.toString());
      refused(tmp.resolve("nowhere") + ": no such search directory", "run", tmp.resolve("nowhere").toString());
    }

    @Test
    void refusesGpuOptionsWithoutGpusAndLimitsOutOfRange() {
      refused("--jobs-per-gpu, --gpu-max-memory, --gpu-max-load and --gpu-startup-delay need --gpus",
          "run", root.toString(), "--jobs-per-gpu", "2");
      refused("--gpu-max-memory must be a fraction in (0, 1], was 1.5",
          "run", root.toString(), "--gpus", "0", "--gpu-max-memory", "1.5");
      refused("--gpu-startup-delay must be >= 0 seconds, was -1.0",
          "run", root.toString(), "--gpus", "0", "--gpu-startup-delay", "-1");
    }

    @Test
    void refusesAnUnknownEngineAndSnakemakeOptionsWithoutIt() {
      refused("--engine must be embedded or snakemake, was 'make'", "run", root.toString(), "--engine", "make");
      refused("--profile needs --engine snakemake", "run", root.toString(), "--profile", "p");
      refused("extra arguments (--keep-going) need --engine snakemake", "run", root.toString(), "--", "--keep-going");
      refused("--gpus works with the embedded engine only (give Snakemake GPUs through its profile)",
          "run", root.toString(), "--engine", "snakemake", "--gpus", "0");
    }
  }

  /** Fail fast, exit honestly: a broken trainer stops the run; the exit code says whether any trial worked. */
  @Nested
  class ExitCodes {
    private Path random(String name, int trials, String trainer) {
      Path dir = tmp.resolve(name);
      Cli.Run r = Cli.run("random", Integer.toString(trials), "-o", dir.toString(), "--trainer", trainer, "--random-seed", "1");
      assertThat(r.code()).as(r.err()).isZero();
      return dir;
    }

    /** Trials whose run.sh started (it creates the log). */
    private List<String> started(Path search) throws IOException {
      try (Stream<Path> files = Files.walk(search)) {
        return files.filter(f -> f.getFileName().toString().equals("log"))
            .map(f -> search.relativize(f.getParent()).toString()).sorted().toList();
      }
    }

    private List<String> errors(Cli.Run r) {
      return r.err().lines().filter(l -> l.startsWith("hbgen: ")).toList();
    }

    @Test
    void aTrainerWhoseScriptIsMissingStopsTheRunWithinSecondsNamingTheCommand() throws IOException {
      Path search = random("missing-script", 30, "python3 nonexistent.py");
      long t0 = System.nanoTime();
      Cli.Run r = Cli.run("run", search.toString(), "-j", "2");
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(seconds).as("seconds to give up").isLessThan(20);
      assertThat(errors(r)).singleElement().asString()
          .startsWith("hbgen: the trainer 'python3 nonexistent.py' failed in each of the first 5 trials the same way"
              + " (exit code 2) and in none succeeded; last: bracket-0/stage-0/config-")
          .contains("(its last output: ", "can't open file", "nonexistent.py")
          .endsWith("; fix the trainer, then rerun the failed trials ('hbgen status " + search + " --failed' shows them)");
      assertThat(started(search)).as("trials started").hasSizeBetween(5, 6);
      assertThat(search.resolve("best.yaml")).doesNotExist();
    }

    @Test
    void aTrainerThatIsNotFoundStopsAtItsFirstFailure() throws IOException {
      Path search = random("not-found", 30, "no-such-trainer-hbgen --lr 1");
      Cli.Run r = Cli.run("run", search.toString(), "-j", "2");
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(errors(r)).singleElement().asString()
          .startsWith("hbgen: the trainer 'no-such-trainer-hbgen --lr 1' cannot be started: bracket-0/stage-0/config-")
          .contains("failed with exit code 127 (its last output: ", "no-such-trainer-hbgen: command not found");
      assertThat(started(search)).as("trials started").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aStoppedSearchResumesOnceTheTrainerIsFixed() throws IOException {
      Path dir = tmp.resolve("fixable");
      String trainer = TestSearch.trainer(dir, "train.sh", "#!/usr/bin/env bash\necho 'no module named torch' >&2\nexit 1\n");
      Path search = random("fixable-search", 12, trainer);
      Cli.Run first = Cli.run("run", search.toString(), "-j", "1");
      assertThat(first.code()).as(first.err()).isEqualTo(1);
      assertThat(errors(first)).singleElement().asString().contains("first 5 trials the same way (exit code 1)",
          "(its last output: no module named torch)");
      assertThat(started(search)).hasSize(5);

      TestSearch.trainer(dir, "train.sh", "#!/usr/bin/env bash\necho 0.5 > \"$HB_RESULT\"\n");
      Cli.Run again = Cli.run("run", search.toString(), "-j", "2");
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("Finished all 12 trials (5 failed; 7 ran in this run)")
          .contains("5 of 12 trials failed: 'hbgen status " + search + " --failed' shows why.");
    }

    @Test
    void aSearchInWhichEveryTrialFailedExits1AndSaysSo() throws IOException {
      // Two different exit codes: not the same way, so the run goes on to the end.
      String trainer = TestSearch.trainer(tmp.resolve("t"), "train.sh", "#!/usr/bin/env bash\nexit $(( HB_CONFIG_ID % 2 + 1 ))\n");
      Path search = random("all-failed", 4, trainer);
      Cli.Run r = Cli.run("run", search.toString(), "-j", "1");
      String line = "hbgen: all 4 trials failed with the trainer '" + trainer + "'; 'hbgen status " + search
          + " --failed' shows why";
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(errors(r)).containsExactly(line);
      assertThat(r.out()).contains("Finished all 4 trials (4 failed; 4 ran in this run)");
      assertThat(search.resolve("best.yaml")).content().contains("found: false");

      Cli.Run again = Cli.run("run", search.toString());
      assertThat(again.code()).as("a rerun of the finished search").isEqualTo(1);
      assertThat(errors(again)).containsExactly(line);
    }

    @Test
    void aSearchInWhichSomeTrialsFailedExits0AndCountsThem() throws IOException {
      String trainer = TestSearch.trainer(tmp.resolve("t"), "train.sh",
          "#!/usr/bin/env bash\n[[ $HB_CONFIG_ID == 1 ]] && exit 4\necho 0.$HB_CONFIG_ID > \"$HB_RESULT\"\n");
      Path search = random("some-failed", 4, trainer);
      Cli.Run r = Cli.run("run", search.toString(), "-j", "1");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(errors(r)).isEmpty();
      assertThat(r.out()).contains("Finished all 4 trials (1 failed; 4 ran in this run)")
          .contains("1 of 4 trials failed: 'hbgen status " + search + " --failed' shows why.");
    }
  }

  @Nested
  class Kills {
    @Test
    void aRerunAfterSigkillRunsNoTrialTwiceAndCompletesTheSearch() throws Exception {
      Files.writeString(trainerDir.resolve("delay"), "0.1\n");
      Path log = tmp.resolve("first.log");
      Process first = hbgen(log, "-j", "2");
      Path calls = trainerDir.resolve("calls");
      TestSearch.until(120, "six finished trials", () -> TestSearch.count(calls, "end ").size() >= 6);
      Path hold = Files.writeString(trainerDir.resolve("hold"), "");
      TestSearch.until(60, "two trainers on hold", () -> TestSearch.count(calls, "held ").size() == 2);
      first.destroyForcibly();
      first.waitFor();
      // The killed run's two trials live on in their own sessions: the rerun must adopt them, not start them again.
      Path log2 = tmp.resolve("second.log");
      Process second = hbgen(log2, "-j", "2");
      TestSearch.until(60, "the rerun's first line", () -> Files.readString(log2).contains("still running"));
      assertThat(Files.readString(log2)).contains("2 still running from an earlier run");
      Files.delete(hold);
      int code = TestSearch.await(second, 180, log2);
      assertThat(code).as(Files.readString(log2)).isZero();

      Map<String, Integer> starts = TestSearch.count(calls, "start ");
      assertThat(starts).hasSize(22);
      assertThat(starts.values()).as("trainer calls per trial").containsOnly(1);
      Yaml yaml = new Yaml();
      for (TrialId id : SearchDir.open(root).trials()) {
        String result = Files.readString(root.resolve(id.path()).resolve("result"));
        assertThat(ResultFormat.parse(result).single()).isNotNull();
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(f -> f.getFileName().toString().equals("promotion.yaml")).toList()) {
          Map<String, Object> m = yaml.load(Files.readString(p));
          assertThat(m).containsKeys("ranking", "shortfall");
        }
      }
      assertThat(root.resolve("best.yaml")).content().contains("found: true");
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsEveryTrainerMarksTheTrialsInterruptedAndARerunResumes(String signal, int expected) throws Exception {
      Files.writeString(trainerDir.resolve("slow"), "");
      Path log = tmp.resolve("run.log");
      Process p = hbgen(log, "-j", "2");
      Path pids = trainerDir.resolve("pids");
      TestSearch.until(60, "two running trainers", () -> lines(pids) == 2);
      signal(p, signal);
      assertThat(TestSearch.await(p, 60, log)).isEqualTo(expected);
      assertThat(Files.readString(log)).contains("hbgen run: interrupted: stopped 2 running trials; run 'hbgen run "
          + root + "' again to resume.");
      List<Long> trainerPids = new ArrayList<>();
      for (String line : Files.readAllLines(pids)) {
        for (String pid : line.split(" ")) {
          trainerPids.add(Long.parseLong(pid));
        }
      }
      TestSearch.until(10, "no trainer process left", () -> trainerPids.stream().noneMatch(Survivors::alive));
      List<Path> interrupted = new ArrayList<>();
      for (String trial : TestSearch.count(trainerDir.resolve("calls"), "start ").keySet()) {
        Path dir = Path.of(trial);
        assertThat(dir.resolve("started")).exists();
        assertThat(dir.resolve("result")).doesNotExist();
        assertThat(dir.resolve("log")).content().contains("hbgen: interrupted by SIGTERM");
        interrupted.add(dir);
      }
      assertThat(interrupted).hasSize(2);

      Files.delete(trainerDir.resolve("slow"));
      Path log2 = tmp.resolve("rerun.log");
      assertThat(TestSearch.await(hbgen(log2, "-j", "2"), 120, log2)).as(Files.readString(log2)).isZero();
      Map<String, Integer> starts = TestSearch.count(trainerDir.resolve("calls"), "start ");
      assertThat(starts).hasSize(22);
      for (Path dir : interrupted) {
        assertThat(starts.get(dir.toString())).isEqualTo(2);
      }
    }

    @Test
    void aSecondRunOnTheSameSearchIsRefused() throws Exception {
      Files.writeString(trainerDir.resolve("slow"), "");
      Path log = tmp.resolve("run.log");
      Process p = hbgen(log, "-j", "1");
      TestSearch.until(60, "a running trainer", () -> lines(trainerDir.resolve("pids")) == 1);
      Cli.Run second = Cli.run("run", root.toString());
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err()).isEqualTo("hbgen: " + root + ": another hbgen run (pid " + p.pid()
          + ") is using this search\n");
      signal(p, "TERM");
      assertThat(TestSearch.await(p, 60, log)).isEqualTo(143);
    }

    @Test
    void aRunIsRefusedWhileSnakemakeHoldsTheSearch() throws IOException {
      Files.createDirectories(root.resolve(".snakemake/locks"));
      Files.writeString(root.resolve(".snakemake/locks/0.input.lock"), "x\n");
      Cli.Run r = Cli.run("run", root.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).startsWith("hbgen: " + root + ": Snakemake is using this search")
          .contains("snakemake --snakefile " + root.resolve("Snakefile") + " --unlock").hasLineCount(1);
    }
  }

  /** {@code --engine snakemake}: Snakemake in its own session, stopped as a whole group. */
  @Nested
  @Tag("engine")
  class WithSnakemake {
    @Test
    void aSignalStopsSnakemakeAndEveryTrainerItStarted() throws Exception {
      Engines.require("snakemake");
      Files.writeString(trainerDir.resolve("slow"), "");
      Path log = tmp.resolve("snakemake.log");
      Process p = hbgen(log, "--engine", "snakemake", "-j", "2");
      Path pids = trainerDir.resolve("pids");
      TestSearch.until(180, "two running trainers", () -> lines(pids) == 2);
      signal(p, "TERM");
      assertThat(TestSearch.await(p, 60, log)).isEqualTo(143);
      List<Long> trainerPids = new ArrayList<>();
      for (String line : Files.readAllLines(pids)) {
        for (String pid : line.split(" ")) {
          trainerPids.add(Long.parseLong(pid));
        }
      }
      String snakefile = root.resolve("Snakefile").toString();
      TestSearch.until(20, "no snakemake or trainer left", () -> trainerPids.stream().noneMatch(Survivors::alive)
          && ProcessHandle.allProcesses().noneMatch(h -> Survivors.alive(h.pid())
              && h.info().commandLine().orElse("").contains(snakefile)));
    }
  }

  @Nested
  class Gpus {
    /** Records what each trial saw: CUDA_VISIBLE_DEVICES, HB_GPU, time in ns, trial. */
    private static final String GPU_TRAINER = """
        #!/usr/bin/env bash
        here=$(dirname "$0")
        echo "start ${CUDA_VISIBLE_DEVICES-unset} ${HB_GPU-unset} $(date +%s%N) $HB_DIR" >> "$here/events"
        sleep 0.3
        echo "end ${CUDA_VISIBLE_DEVICES-unset} ${HB_GPU-unset} $(date +%s%N) $HB_DIR" >> "$here/events"
        echo 1 > "$HB_RESULT"
        """;

    private static final String FAKE_NVIDIA_SMI = """
        #!/usr/bin/env bash
        here=$(dirname "$0")
        echo "$*" >> "$here/smi-calls"
        cat "$here/gpus.csv"
        """;

    private Path bin;
    private Path events;

    @BeforeEach
    void gpuSearch() throws IOException {
      bin = tmp.resolve("bin");
      TestSearch.trainer(bin, "nvidia-smi", FAKE_NVIDIA_SMI);
      Files.writeString(bin.resolve("gpus.csv"), """
          0, 1000, 16000, 10
          1, 15000, 16000, 5
          2, 1000, 16000, 80
          3, 0, 16000, 0
          7, 12000, 16000, 60
          """);
      String trainer = TestSearch.trainer(tmp.resolve("gpu-trainer"), "train.sh", GPU_TRAINER);
      events = tmp.resolve("gpu-trainer/events");
      root = TestSearch.generate(tmp.resolve("g"), "1", "12", "--bracket", "0", "--last-stage", "0", "--trainer", trainer);
    }

    private int run(String... args) throws Exception {
      List<String> all = new ArrayList<>(List.of("run", root.toString()));
      all.addAll(List.of(args));
      Path log = tmp.resolve("gpu.log");
      Process p = TestSearch.start(log, Map.of("PATH", bin + ":" + System.getenv("PATH")), all.toArray(String[]::new));
      int code = TestSearch.await(p, 120, log);
      assertThat(code).as(Files.readString(log)).isIn(0, 2);
      return code;
    }

    /** Per GPU, the most trials that ran on it at once, from the trainers' start and end lines. */
    private Map<String, Integer> peaks() throws IOException {
      List<String[]> lines = new ArrayList<>(Files.readAllLines(events).stream().map(l -> l.split(" ")).toList());
      lines.sort((a, b) -> Long.compare(Long.parseLong(a[3]), Long.parseLong(b[3])));
      Map<String, Integer> now = new HashMap<>();
      Map<String, Integer> peak = new TreeMap<>();
      for (String[] e : lines) {
        int n = now.merge(e[1], e[0].equals("start") ? 1 : -1, Integer::sum);
        peak.merge(e[1], n, Math::max);
      }
      return peak;
    }

    @Test
    void givesEachTrialOneFreeGpuAndNeverMoreThanKPerGpu() throws Exception {
      assertThat(run("--gpus", "0,1,2,7", "--jobs-per-gpu", "2", "--gpu-max-memory", "0.75", "--gpu-max-load", "0.6"))
          .isZero();
      List<String> starts = Files.readAllLines(events).stream().filter(l -> l.startsWith("start ")).toList();
      assertThat(starts).hasSize(12);
      for (String line : starts) {
        String[] f = line.split(" ");
        assertThat(f[1]).as("CUDA_VISIBLE_DEVICES of %s", f[4]).matches("[0-9]+").isEqualTo(f[2]);
      }
      Map<String, Integer> peaks = peaks();
      assertThat(peaks.keySet()).as("GPUs 1 and 2 are busy by nvidia-smi").isSubsetOf("0", "7");
      assertThat(peaks.values()).allMatch(n -> n <= 2);
      assertThat(bin.resolve("smi-calls")).content()
          .contains("--query-gpu=index,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits");
      List<String> skips = Files.readAllLines(tmp.resolve("gpu.log")).stream().filter(l -> l.contains("GPU")
          && !l.startsWith("hbgen run: " + root)).toList();
      assertThat(skips).as("why GPUs 1 and 2 are skipped, once each, though nvidia-smi was asked at every start")
          .containsExactlyInAnyOrder(
              "hbgen run: skipping GPU 1: nvidia-smi reports memory 94% used (over --gpu-max-memory 0.75)",
              "hbgen run: skipping GPU 2: nvidia-smi reports utilization 80% (over --gpu-max-load 0.6)");
      assertThat(Files.readAllLines(bin.resolve("smi-calls")).size()).isGreaterThan(2);
    }

    @Test
    void placesByCountAloneWithoutLimitsAskingNvidiaSmiOnlyForItsList() throws Exception {
      assertThat(run("--gpus", "3,7", "-j", "4")).isZero();
      Map<String, Integer> peaks = peaks();
      assertThat(peaks).containsOnlyKeys("3", "7");
      assertThat(peaks.values()).containsOnly(1);
      assertThat(Files.readAllLines(bin.resolve("smi-calls"))).as("once, before the first trial").hasSize(1);
    }

    @Test
    void withoutLimitsAndWithoutNvidiaSmiOnPathHandsOutTheGpusAsGiven() throws Exception {
      String path = java.util.Arrays.stream(System.getenv("PATH").split(":"))
          .filter(d -> !d.isEmpty() && !Files.isExecutable(Path.of(d, "nvidia-smi"))).collect(java.util.stream.Collectors.joining(":"));
      Path log = tmp.resolve("gpu.log");
      Process p = TestSearch.start(log, Map.of("PATH", path), "run", root.toString(), "--gpus", "3,5", "-j", "4");
      assertThat(TestSearch.await(p, 120, log)).as(Files.readString(log)).isZero();
      assertThat(peaks()).containsOnlyKeys("3", "5");
    }

    @Test
    void refusesAGpuThatNvidiaSmiDoesNotListAlsoWithoutLimits() throws Exception {
      Path log = tmp.resolve("gpu.log");
      Process p = TestSearch.start(log, Map.of("PATH", bin + ":" + System.getenv("PATH")),
          "run", root.toString(), "--gpus", "3,5");
      assertThat(TestSearch.await(p, 60, log)).isEqualTo(2);
      assertThat(Files.readString(log)).isEqualTo("hbgen: --gpus: nvidia-smi reports no GPU 5 (it reports 0,1,2,3,7)\n");
      assertThat(events).doesNotExist();
    }

    @Test
    void waitsTheStartupDelayBetweenTwoTrialsOnOneGpu() throws Exception {
      root = TestSearch.generate(tmp.resolve("g3"), "1", "3", "--bracket", "0", "--last-stage", "0", "--trainer",
          "bash " + tmp.resolve("gpu-trainer/train.sh"));
      assertThat(run("--gpus", "3", "--jobs-per-gpu", "3", "--gpu-startup-delay", "1")).isZero();
      List<Long> times = Files.readAllLines(events).stream().filter(l -> l.startsWith("start "))
          .map(l -> Long.parseLong(l.split(" ")[3])).sorted().toList();
      assertThat(times).hasSize(3);
      for (int i = 1; i < times.size(); i++) {
        assertThat(times.get(i) - times.get(i - 1)).as("ns between starts").isGreaterThan(700_000_000L);
      }
    }

    @Test
    void refusesAGpuThatNvidiaSmiDoesNotReport() throws Exception {
      Path log = tmp.resolve("gpu.log");
      Process p = TestSearch.start(log, Map.of("PATH", bin + ":" + System.getenv("PATH")),
          "run", root.toString(), "--gpus", "0,9", "--gpu-max-load", "0.5");
      assertThat(TestSearch.await(p, 60, log)).isEqualTo(2);
      assertThat(Files.readString(log)).isEqualTo("hbgen: --gpus: nvidia-smi reports no GPU 9 (it reports 0,1,2,3,7)\n");
    }
  }
}
