package hbgen.lsf;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.ProcessProbe;
import hbgen.search.StartedMarker;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialState.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The bsub launcher against the LSF stand-in of src/test/resources/lsf (bsub, bjobs, bkill written
 * from IBM's documentation; no real LSF): the hostile-value, failure and cancel tests the sbatch
 * launcher passes against real Slurm, and liveness through bjobs.
 */
class LsfEndToEndTest {
  static final Path STANDIN = Path.of("src/test/resources/lsf").toAbsolutePath();
  static final Path SLEEPY = Path.of("src/test/resources/trainers/sleepy.sh").toAbsolutePath();
  static final Path FAKE = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;
  /** The stand-in's commands, bound to this test's LSF state (jobs) and short signal intervals. */
  Path bin;
  Path state;

  @BeforeEach
  void standIn() throws IOException {
    bin = Files.createDirectories(tmp.resolve("lsf-bin"));
    state = Files.createDirectories(tmp.resolve("lsf-state"));
    for (String command : List.of("bsub", "bjobs", "bkill")) {
      Path p = bin.resolve(command);
      Files.writeString(p, "#!/usr/bin/env bash\n"
          + "export LSF_STANDIN_DIR=" + sq(state.toString()) + " LSF_STANDIN_QUEUES='normal gpu'\n"
          + "export LSF_STANDIN_TERMINATE_INTERVAL=1 LSF_STANDIN_SECONDS_PER_MINUTE=3 LSF_STANDIN_RUNLIMIT_GRACE=1\n"
          + "[[ -f " + sq(state.resolve("settings").toString()) + " ]] && . " + sq(state.resolve("settings").toString()) + "\n"
          + "exec " + sq(STANDIN.resolve(command).toString()) + " \"$@\"\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** A test that failed half-way leaves no job running: every unfinished job of this test's LSF is killed. */
  @AfterEach
  void killLeftoverJobs() throws Exception {
    for (String line : unfinishedJobs()) {
      Engines.exec(tmp, 30, List.of(bin.resolve("bkill").toString(), line.split(" ")[0]), Map.of());
    }
  }

  static String sq(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  Map<String, String> env() {
    return Map.of("PATH", bin + ":" + System.getenv("PATH"));
  }

  Path generate(String name, String... extra) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("generate", "1", "2", "-o", out.toString(), "--random-seed", "4",
        "--space", "src/test/resources/spaces/small.yaml", "--trainer", "bash " + SLEEPY, "--maximize",
        "--launcher", "bsub"));
    args.addAll(List.of(extra));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return out;
  }

  Engines.Result runTrial(Path search, String trial) throws Exception {
    return Engines.exec(tmp, 120, List.of("bash", search.resolve("run.sh").toString(), trial, "1"), env());
  }

  Process startTrial(Path search, String trial, String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("setsid", "bash", search.resolve("run.sh").toString(), trial, "1")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".out").toFile());
    pb.environment().putAll(env());
    return pb.start();
  }

  static String field(Path file, String key) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key + ": ")) {
        return line.substring(key.length() + 2).strip();
      }
    }
    return "";
  }

  /** The LSF job of a trial, once the job has started and written its marker (up to 60 s). */
  static String awaitJob(Path trialDir) throws Exception {
    for (int i = 0; i < 300; i++) {
      String job = field(trialDir.resolve("started"), "lsf_job_id");
      if (!job.isEmpty() && Files.exists(trialDir.resolve("log"))
          && Files.readString(trialDir.resolve("log")).contains("sleeping as asked")) {
        return job;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no LSF job started for " + trialDir);
  }

  /** The stand-in's jobs that are not finished (bjobs without job ids lists them). */
  List<String> unfinishedJobs() throws Exception {
    Engines.Result q = Engines.exec(tmp, 30, List.of(bin.resolve("bjobs").toString(), "-noheader", "-o", "jobid stat"), Map.of());
    return q.output().lines().filter(l -> l.matches("\\d+ \\S+")).toList();
  }

  void awaitNoUnfinishedJob() throws Exception {
    List<String> left = unfinishedJobs();
    for (int i = 0; i < 100 && !left.isEmpty(); i++) {
      Thread.sleep(200);
      left = unfinishedJobs();
    }
    assertThat(left).as("jobs left unfinished in LSF").isEmpty();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> failed(Path search, String trial) throws IOException {
    Path f = search.resolve(trial).resolve("failed");
    assertThat(f).as(trial + " failed").exists();
    return (Map<String, Object>) new Yaml().load(Files.readString(f));
  }

  /** bsub's arguments as the stand-in received them. */
  List<String> bsubArgv(String job) throws IOException {
    String raw = Files.readString(state.resolve("jobs").resolve(job).resolve("argv"), StandardCharsets.UTF_8);
    return Arrays.asList(raw.substring(0, raw.length() - 1).split("\0", -1));
  }

  @Test
  void hostileConfigValuesReachTheTrainerVerbatimAndEachFailureHasItsKind() throws Exception {
    Path search = tmp.resolve("meta");
    String extra = "-m 'host$(touch pwned) `touch pwned`; touch pwned' -R \"select[mem>1]\"";
    Cli.Run g = Cli.run("generate", "1", "5", "-o", search.toString(), "--random-seed", "23", "--space",
        "src/test/resources/spaces/modes.yaml", "--trainer", "python3 " + FAKE, "--objective", "loss",
        "--allow-duplicates", "--launcher", "bsub", "--lsf-queue", "gpu", "--lsf-extra", extra);
    assertThat(g.code()).as(g.err()).isZero();
    Map<String, String> kindOfMode = Map.of("exit3", "exit_code", "noresult", "no_result", "garbage", "unparseable",
        "nan", "nan_objective");
    Map<String, Integer> modes = new TreeMap<>();
    List<Path> trials;
    try (Stream<Path> dirs = Files.walk(search, 3)) {
      trials = dirs.filter(d -> search.relativize(d).toString().matches("bracket-\\d+/stage-0/config-\\d+")).sorted().toList();
    }
    assertThat(trials).hasSize(7);
    for (Path dir : trials) {
      String trial = search.relativize(dir).toString();
      Engines.Result r = runTrial(search, trial);
      assertThat(r.code()).as(r.output()).isZero();
      @SuppressWarnings("unchecked") Map<String, Object> config = (Map<String, Object>) new Yaml().load(
          Files.readString(dir.resolve("config")));
      @SuppressWarnings("unchecked") Map<String, Object> seen = (Map<String, Object>) new Yaml().load(
          Files.readString(dir.resolve("seen.json")));
      assertThat(seen.get("config").toString()).as(trial).isEqualTo(config.toString());
      assertThat(((Map<?, ?>) seen.get("env")).get("HB_CONFIG")).isEqualTo(search.toRealPath().resolve(trial).resolve("config").toString());
      String mode = config.get("mode").toString();
      modes.merge(mode, 1, Integer::sum);
      if (mode.equals("ok")) {
        assertThat(dir.resolve("failed")).as(trial).doesNotExist();
        assertThat(Files.readString(dir.resolve("result"))).as(trial).contains("loss");
      } else {
        assertThat(failed(search, trial).get("kind")).as(trial + " (" + mode + ")").isEqualTo(kindOfMode.get(mode));
      }
      String job = field(dir.resolve("started"), "lsf_job_id");
      assertThat(job).as(trial).matches("\\d+");
      List<String> argv = bsubArgv(job);
      String name = trial.replaceAll("bracket-(\\d+)/stage-0/config-(\\d+)", "hb-b$1-s0-c$2");
      assertThat(argv).as("bsub's arguments").containsSubsequence("-K", "-J", name, "-o", trial + "/log", "-q", "gpu", "-m", "host$(touch pwned) `touch pwned`; touch pwned",
          "-R", "select[mem>1]", "bash", "run.sh", "--in-job");
      assertThat(Files.readString(dir.resolve("log"))).as("LSF's job report in the trial's log")
          .contains("Sender: LSF System");
    }
    assertThat(modes.keySet()).as("modes this seed draws").containsExactly("exit3", "garbage", "nan", "noresult", "ok");
    try (Stream<Path> all = Files.walk(tmp)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("pwned"))).isEmpty();
    }
  }

  @Test
  void aTrialKilledByBkillIsCancelledAndOneOverItsRunLimitIsATimeout() throws Exception {
    Path plain = generate("cancel", "--bracket", "0");
    Path limited = generate("limit", "--bracket", "0", "--lsf-time", "1");
    Files.writeString(plain.resolve("sleep-0-0-0"), "600\n");
    Files.writeString(limited.resolve("sleep-0-0-0"), "600\n");
    Process cancel = startTrial(plain, "bracket-0/stage-0/config-0", "cancel");
    Process timeout = startTrial(limited, "bracket-0/stage-0/config-0", "limit");
    try {
      String job = awaitJob(plain.resolve("bracket-0/stage-0/config-0"));
      Engines.Result k = Engines.exec(tmp, 30, List.of(bin.resolve("bkill").toString(), job), Map.of());
      assertThat(k.output()).contains("Job <" + job + "> is being terminated");
      assertThat(cancel.waitFor(60, TimeUnit.SECONDS)).as("run.sh of the killed job finished").isTrue();
      assertThat(timeout.waitFor(60, TimeUnit.SECONDS)).as("run.sh of the timed-out job finished").isTrue();
    } finally {
      cancel.destroyForcibly();
      timeout.destroyForcibly();
    }
    assertThat(cancel.exitValue()).as(Files.readString(tmp.resolve("cancel.out"))).isZero();
    assertThat(failed(plain, "bracket-0/stage-0/config-0")).containsEntry("kind", "cancelled").containsEntry("reason", "cancelled");
    assertThat(timeout.exitValue()).as(Files.readString(tmp.resolve("limit.out"))).isZero();
    assertThat(failed(limited, "bracket-0/stage-0/config-0")).containsEntry("kind", "timeout").containsEntry("reason", "timeout");
    assertThat(bsubArgv(field(limited.resolve("bracket-0/stage-0/config-0/started"), "lsf_job_id"))).containsSequence("-W", "0:01");
    awaitNoUnfinishedJob();
  }

  @Test
  void withoutAJobReportInTheLogTheReasonComesFromBjobs() throws Exception {
    Files.writeString(state.resolve("settings"), "export LSF_STANDIN_REPORT=N\n");
    Path plain = generate("cancel", "--bracket", "0");
    Path limited = generate("limit", "--bracket", "0", "--lsf-time", "1");
    Files.writeString(plain.resolve("sleep-0-0-0"), "600\n");
    Files.writeString(limited.resolve("sleep-0-0-0"), "600\n");
    Process cancel = startTrial(plain, "bracket-0/stage-0/config-0", "cancel");
    Process timeout = startTrial(limited, "bracket-0/stage-0/config-0", "limit");
    try {
      String job = awaitJob(plain.resolve("bracket-0/stage-0/config-0"));
      Engines.exec(tmp, 30, List.of(bin.resolve("bkill").toString(), job), Map.of());
      assertThat(cancel.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(timeout.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      cancel.destroyForcibly();
      timeout.destroyForcibly();
    }
    assertThat(Files.readString(plain.resolve("bracket-0/stage-0/config-0/log"))).doesNotContain("TERM_");
    assertThat(failed(plain, "bracket-0/stage-0/config-0")).containsEntry("kind", "cancelled");
    assertThat(failed(limited, "bracket-0/stage-0/config-0")).containsEntry("kind", "timeout");
  }

  @Test
  void aJobKilledWhilePendingIsCancelled() throws Exception {
    Files.writeString(state.resolve("settings"), "export LSF_STANDIN_PEND_SECONDS=600\n");
    Path search = generate("pending", "--bracket", "0");
    Path dir = search.resolve("bracket-0/stage-0/config-0");
    Process p = startTrial(search, "bracket-0/stage-0/config-0", "pending");
    try {
      String job = "";
      for (int i = 0; i < 300 && job.isEmpty(); i++) {
        Thread.sleep(100);
        List<String> pending = unfinishedJobs();
        job = pending.isEmpty() ? "" : pending.get(0).replace(" PEND", "");
      }
      assertThat(unfinishedJobs()).containsExactly(job + " PEND");
      Engines.exec(tmp, 30, List.of(bin.resolve("bkill").toString(), job), Map.of());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(failed(search, "bracket-0/stage-0/config-0")).containsEntry("kind", "cancelled").containsEntry("exit_code", 126);
    assertThat(Files.readString(dir.resolve("log"))).contains("<<Terminated while pending>>");
  }

  @Test
  void stoppingTheLauncherKillsItsJobWithBkillAndLeavesNoJob() throws Exception {
    Path search = generate("stop", "--bracket", "0");
    Files.writeString(search.resolve("sleep-0-0-0"), "600\n");
    Path dir = search.resolve("bracket-0/stage-0/config-0");
    Process p = startTrial(search, "bracket-0/stage-0/config-0", "stop");
    try {
      String job = awaitJob(dir);
      long trainer = Long.parseLong(field(dir.resolve("started"), "pid"));
      // An engine stops a launcher with SIGTERM to its process group (hbgen run, Snakemake on Ctrl-C).
      Engines.exec(tmp, 30, "kill", "-TERM", "--", "-" + p.pid());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      awaitNoUnfinishedJob();
      assertThat(Files.readString(state.resolve("jobs").resolve(job).resolve("stat")).strip()).isEqualTo("EXIT");
      assertThat(Files.readString(state.resolve("jobs").resolve(job).resolve("reason"))).contains("TERM_OWNER");
      for (int i = 0; i < 50 && ProcessHandle.of(trainer).map(ProcessHandle::isAlive).orElse(false); i++) {
        Thread.sleep(200);
      }
      assertThat(ProcessHandle.of(trainer).map(ProcessHandle::isAlive).orElse(false)).as("the trainer is gone").isFalse();
    } finally {
      p.destroyForcibly();
    }
    assertThat(Files.readString(dir.resolve("log"))).contains("hbgen: interrupted by SIGTERM");
    assertThat(dir.resolve("failed")).doesNotExist();
    assertThat(dir.resolve("result")).doesNotExist();
  }

  @Test
  void stoppingHbgenRunKillsTheJobsOfItsTrialsAndLeavesNoJob() throws Exception {
    Path search = generate("engine", "--bracket", "0");
    for (int c = 0; c < 2; c++) {
      Files.writeString(search.resolve("sleep-0-0-" + c), "600\n");
    }
    // hbgen run in its own JVM (this run's classpath), so that its trials find the stand-in on PATH.
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "hbgen.cli.Main",
        "run", search.toString(), "-j", "2").directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("engine.log").toFile());
    pb.environment().putAll(env());
    Process run = pb.start();
    try {
      awaitJob(search.resolve("bracket-0/stage-0/config-0"));
      awaitJob(search.resolve("bracket-0/stage-0/config-1"));
      assertThat(unfinishedJobs()).hasSize(2);
      Engines.exec(tmp, 30, "kill", "-TERM", Long.toString(run.pid()));
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("hbgen run stopped").isTrue();
    } finally {
      run.destroyForcibly();
    }
    awaitNoUnfinishedJob();
    for (int c = 0; c < 2; c++) {
      Path dir = search.resolve("bracket-0/stage-0/config-" + c);
      String job = field(dir.resolve("started"), "lsf_job_id");
      assertThat(Files.readString(state.resolve("jobs").resolve(job).resolve("reason"))).as(dir.toString()).contains("TERM_OWNER");
      assertThat(dir.resolve("failed")).doesNotExist();
    }
  }

  @Test
  void aQueueLsfDoesNotHaveFailsTheTrialAtOnceWithLsfsMessage() throws Exception {
    Path search = generate("refused", "--lsf-queue", "nosuch");
    long t0 = System.nanoTime();
    Engines.Result r = runTrial(search, "bracket-0/stage-0/config-0");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("seconds to fail").isLessThan(30);
    Map<String, Object> f = failed(search, "bracket-0/stage-0/config-0");
    assertThat(f).containsEntry("kind", "lsf_refused").containsEntry("reason", "lsf: nosuch: No such queue. Job not submitted.");
    assertThat(search.resolve("bracket-0/stage-0/config-0/started")).content().doesNotContain("lsf_job_id");
    assertThat(unfinishedJobs()).isEmpty();
  }

  @Test
  void aTrialIsAliveWhileBjobsListsItsJobEvenWithItsLauncherGoneAndGoneOnceItEnded() throws Exception {
    Path search = generate("live", "--bracket", "0");
    Files.writeString(search.resolve("sleep-0-0-0"), "600\n");
    Path dir = search.resolve("bracket-0/stage-0/config-0");
    ProcessProbe probe = new ProcessProbe(ProcessProbe.system().host(), bin + ":" + System.getenv("PATH"), Path.of("/proc"), 20);
    Process p = startTrial(search, "bracket-0/stage-0/config-0", "live");
    String job;
    try {
      job = awaitJob(dir);
      StartedMarker m = StartedMarker.parse(Files.readString(dir.resolve("started")));
      assertThat(m.lsfJobId()).isEqualTo(job);
      assertThat(m.separateLauncher()).isTrue();
      assertThat(probe.check(List.of(m)).get(0).liveness()).isEqualTo(Liveness.ALIVE);
      // The launcher (run.sh and its bsub -K) killed without a chance to bkill: the job runs on.
      Engines.exec(tmp, 30, "kill", "-KILL", "--", "-" + p.pid());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(unfinishedJobs()).containsExactly(job + " RUN");
      // Its trainer runs on this machine: the job's pid alone would say alive. Only bjobs says more once it ends.
      assertThat(probe.check(List.of(m)).get(0).liveness()).isEqualTo(Liveness.ALIVE);
      Engines.exec(tmp, 30, List.of(bin.resolve("bkill").toString(), job), Map.of());
      awaitNoUnfinishedJob();
      ProcessProbe.Verdict v = probe.check(List.of(m)).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.GONE);
      assertThat(v.reason()).endsWith("LSF job " + job + " ended: EXIT");
    } finally {
      p.destroyForcibly();
    }
    // A job bjobs no longer knows (past LSF's CLEAN_PERIOD) is gone too.
    hbgen.search.AtomicFiles.deleteTree(state.resolve("jobs").resolve(job));
    ProcessProbe.Verdict v = probe.check(List.of(StartedMarker.parse(Files.readString(dir.resolve("started"))))).get(0);
    assertThat(v.liveness()).isEqualTo(Liveness.GONE);
    assertThat(v.reason()).endsWith("LSF job " + job + " is gone");
  }

  Process snakemake(Path search, String log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("setsid", "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "4")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile());
    pb.environment().putAll(env());
    return pb.start();
  }

  @Test
  @Tag("engine")
  void aBsubSearchRunBySnakemakeCompletesWithAnLsfJobPerTrial() throws Exception {
    Engines.require("snakemake");
    Path search = generate("sm", "--lsf-time", "10");
    Process sm = snakemake(search, "sm.log");
    assertThat(sm.waitFor(600, TimeUnit.SECONDS)).as("snakemake finished").isTrue();
    assertThat(sm.exitValue()).as(Files.readString(tmp.resolve("sm.log"))).isZero();
    assertThat(Files.readString(search.resolve("best.yaml"))).contains("found: true");
    try (Stream<Path> started = Files.walk(search).filter(p -> p.getFileName().toString().equals("started"))) {
      List<Path> all = started.toList();
      assertThat(all).hasSize(5);
      for (Path m : all) {
        assertThat(field(m, "lsf_job_id")).as(m.toString()).matches("\\d+");
      }
    }
    awaitNoUnfinishedJob();
  }

  @Test
  @Tag("engine")
  void interruptingSnakemakesProcessGroupLeavesNoLsfJob() throws Exception {
    Engines.require("snakemake");
    Path search = generate("interrupt", "--bracket", "0");
    for (int c = 0; c < 2; c++) {
      Files.writeString(search.resolve("sleep-0-0-" + c), "600\n");
    }
    Process sm = snakemake(search, "interrupt.log");
    try {
      awaitJob(search.resolve("bracket-0/stage-0/config-0"));
      awaitJob(search.resolve("bracket-0/stage-0/config-1"));
      assertThat(unfinishedJobs()).hasSize(2);
      Engines.exec(tmp, 30, "kill", "-TERM", "--", "-" + sm.pid());
      assertThat(sm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      sm.destroyForcibly();
    }
    awaitNoUnfinishedJob();
  }
}
