package hbgen.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.ProcessProbe;
import hbgen.search.StartedMarker;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Real Slurm (Debian's slurm-wlm, a single-node cluster started by scripts/local-slurm.sh, which
 * scripts/test.sh runs) driven by real Snakemake.
 */
@Tag("engine")
class SlurmEndToEndTest {
  static final Path SLEEPY = Path.of("src/test/resources/trainers/sleepy.sh").toAbsolutePath();
  static final Path FAKE = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;

  @BeforeAll
  static void slurmIsUp() throws Exception {
    Engines.require("srun");
    Engines.require("snakemake");
    assertThat(System.getenv("SLURM_CONF")).as("SLURM_CONF (scripts/test.sh starts a local Slurm and sets it)").isNotBlank();
    Engines.Result ping = Engines.exec(Path.of("."), 30, "sinfo", "-h", "-o", "%T");
    assertThat(ping.code()).as(ping.output()).isZero();
  }

  Path generate(String name, String... extra) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("generate", "1", "2", "-o", out.toString(), "--random-seed", "4",
        "--space", "src/test/resources/spaces/small.yaml", "--trainer", "bash " + SLEEPY, "--maximize"));
    args.addAll(List.of(extra));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return out;
  }

  static Engines.Result snakemake(Path search, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "4"));
    cmd.addAll(List.of(extra));
    return Engines.exec(search.getParent(), 900, cmd, Map.of("CI", "true", "USER", System.getProperty("user.name")));
  }

  static String field(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key + ": ")) {
        return line.substring(key.length() + 2).strip();
      }
    }
    return "";
  }

  static void assertCompletedWithJobIds(Path search) throws IOException {
    assertThat(search.resolve("best.yaml")).exists();
    assertThat(Files.readString(search.resolve("best.yaml"))).contains("found: true");
    try (Stream<Path> started = Files.walk(search).filter(p -> p.getFileName().toString().equals("started"))) {
      List<Path> all = started.toList();
      assertThat(all).isNotEmpty();
      for (Path s : all) {
        assertThat(field(s, "slurm_job_id")).as(s.toString()).matches("\\d+");
      }
    }
  }

  @Test
  void anSrunSearchRunBySnakemakeCompletesWithAJobPerTrial() throws Exception {
    Path search = generate("srun", "--launcher", "srun", "--slurm-time", "5");
    Engines.Result r = snakemake(search);
    assertThat(r.code()).as(r.output()).isZero();
    assertCompletedWithJobIds(search);
  }

  @Test
  void anSbatchSearchCompletesWithAJobPerTrial() throws Exception {
    Path search = generate("sbatch", "--launcher", "sbatch");
    Engines.Result r = snakemake(search);
    assertThat(r.code()).as(r.output()).isZero();
    assertCompletedWithJobIds(search);
  }

  @Test
  void theGeneratedProfileLetsSnakemakeSubmitEveryTrialItself() throws Exception {
    Path search = generate("profile");
    Engines.Result r = snakemake(search, "--profile", search.resolve("profile").toString());
    assertThat(r.code()).as(r.output()).isZero();
    assertCompletedWithJobIds(search);
  }

  @Test
  void theProfileWorksWithRelativePathsFromTheParentDirectory() throws Exception {
    Path search = generate("prof");
    Engines.Result r = Engines.exec(tmp, 900,
        List.of("snakemake", "--snakefile", "prof/Snakefile", "--profile", "prof/profile", "-j", "2"),
        Map.of("CI", "true", "USER", System.getProperty("user.name")));
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("not found");
    assertCompletedWithJobIds(search);
  }

  /**
   * Polls {@code hbgen status --json} twice a second while Snakemake runs a search whose launcher
   * is srun or sbatch, cancels one trial's job on the way, and asserts that no poll ever called a
   * trial interrupted: nothing here kills a launcher, so every started trial without a result has a
   * live launcher (run.sh waiting for srun or sbatch --wait, which outlive their job by seconds)
   * or a live job. Many short trials give many such windows.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sbatch", "srun"})
  void statusPolledTwiceASecondNeverCallsALiveTrialInterrupted(String launcher) throws Exception {
    Path search = generate("poll-" + launcher, "--launcher", launcher, "--bracket", "0");
    Files.writeString(search.resolve("sleep-0-0-0"), "600\n");
    Files.writeString(search.resolve("sleep-0-0-1"), "3\n");
    Process sm = new ProcessBuilder("setsid", "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "4")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("snakemake.log").toFile()).start();
    Path cancelled = search.resolve("bracket-0/stage-0/config-0");
    List<String> interrupted = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    String job = "";
    int polls = 0;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (sm.isAlive() && System.nanoTime() < deadline) {
        long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        Cli.Run st = Cli.run("status", search.toString(), "--json");
        assertThat(st.code()).as(st.err()).isZero();
        polls++;
        for (Map<String, Object> t : trials(st.out())) {
          seen.add(t.get("state").toString());
          // On one machine every launcher and job can be checked: "unverified" would be a wrong answer too.
          if (t.get("state").equals("interrupted") || t.get("state").equals("unverified")) {
            interrupted.add("poll " + polls + ": " + t.get("path") + " " + t.get("state") + " (" + t.get("reason") + "; "
                + t.get("launcher") + ")");
          }
        }
        // Cancelled once its trainer runs: a job cancelled while it starts can end with exit code 0.
        if (job.isEmpty() && Files.exists(cancelled.resolve("log"))
            && Files.readString(cancelled.resolve("log")).contains("sleeping as asked")) {
          String id = field(cancelled.resolve("started"), "slurm_job_id");
          if (!id.isEmpty()) {
            job = id;
            assertThat(Engines.exec(tmp, 30, "scancel", job).code()).isZero();
          }
        }
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
      }
      assertThat(sm.waitFor(60, TimeUnit.SECONDS)).as("snakemake finished").isTrue();
    } finally {
      sm.destroyForcibly();
    }
    assertThat(sm.exitValue()).as(Files.readString(tmp.resolve("snakemake.log"))).isZero();
    assertThat(job).as("config-0 got a Slurm job, which was cancelled").matches("\\d+");
    assertThat(polls).as("polls").isGreaterThanOrEqualTo(10);
    assertThat(seen).as("states seen").contains("running", "completed");
    assertThat(interrupted).as("trials called interrupted (or unverified) while their launcher or job was alive").isEmpty();
    // Inside the job, run.sh rewrote each marker with its own pid and kept the launcher that waited for it.
    try (Stream<Path> markers = Files.walk(search).filter(p -> p.getFileName().toString().equals("started"))) {
      for (Path m : markers.toList()) {
        StartedMarker started = StartedMarker.parse(Files.readString(m));
        assertThat(started.slurmJobId()).as(m.toString()).matches("\\d+");
        assertThat(started.separateLauncher()).as(m.toString()).isTrue();
        assertThat(started.launcherHost()).as(m.toString()).isEqualTo(ProcessProbe.system().host());
        assertThat(started.launcherStart()).as(m.toString()).isPositive();
      }
    }
    // The cancelled trial failed (its reason is asserted by the test of cancelled and timed-out trials).
    assertThat(failed(search, "bracket-0/stage-0/config-0")).containsKey("reason");
    Cli.Run end = Cli.run("status", search.toString(), "--json");
    assertThat(trials(end.out())).filteredOn(t -> t.get("path").equals("bracket-0/stage-0/config-0"))
        .extracting(t -> t.get("state")).containsExactly("failed");
    assertThat(search.resolve("best.yaml")).exists();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> trials(String json) {
    Map<String, Object> status = (Map<String, Object>) new Yaml().load(json);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> b : (List<Map<String, Object>>) status.get("brackets")) {
      for (Map<String, Object> s : (List<Map<String, Object>>) b.get("stages")) {
        out.addAll((List<Map<String, Object>>) s.get("trials"));
      }
    }
    return out;
  }

  @Test
  void aCancelledTrialAndATimedOutTrialFailWithTheirReasonAndTheSearchCompletes() throws Exception {
    // No notice before the limit (the default USR1@120 would come at once with a 1-minute limit): Slurm's own timeout.
    Path search = generate("cancel", "--launcher", "srun", "--slurm-time", "1", "--slurm-signal", "none", "--bracket", "0");
    Files.writeString(search.resolve("sleep-0-0-0"), "600\n");
    Files.writeString(search.resolve("sleep-0-0-1"), "600\n");
    ProcessBuilder pb = new ProcessBuilder("snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "4")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("snakemake.log").toFile());
    Process sm = pb.start();
    Path started = search.resolve("bracket-0/stage-0/config-0/started");
    String job = "";
    for (int i = 0; i < 600 && job.isEmpty(); i++) {
      Thread.sleep(200);
      if (Files.exists(started)) {
        job = field(started, "slurm_job_id");
      }
    }
    assertThat(job).as("config-0 got a Slurm job").matches("\\d+");
    assertThat(Engines.exec(tmp, 30, "scancel", job).code()).isZero();
    assertThat(sm.waitFor(300, TimeUnit.SECONDS)).as("snakemake finished").isTrue();
    assertThat(sm.exitValue()).as(Files.readString(tmp.resolve("snakemake.log"))).isZero();
    assertThat(failed(search, "bracket-0/stage-0/config-0").get("reason")).isEqualTo("cancelled");
    assertThat(failed(search, "bracket-0/stage-0/config-0").get("kind")).isEqualTo("cancelled");
    assertThat(failed(search, "bracket-0/stage-0/config-1").get("reason")).isEqualTo("timeout");
    assertThat(failed(search, "bracket-0/stage-0/config-1").get("kind")).isEqualTo("timeout");
    assertThat(search.resolve("best.yaml")).exists();
  }

  @Test
  void interruptingSnakemakesProcessGroupLeavesNoJobInTheQueue() throws Exception {
    Path search = generate("interrupt", "--launcher", "srun", "--bracket", "0");
    for (int c = 0; c < 3; c++) {
      Files.writeString(search.resolve("sleep-0-0-" + c), "600\n");
    }
    Process sm = new ProcessBuilder("setsid", "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "4")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("snakemake.log").toFile()).start();
    for (int i = 0; i < 600 && jobs(search).size() < 2; i++) {
      Thread.sleep(200);
    }
    assertThat(jobs(search)).as("trials running as Slurm jobs").hasSizeGreaterThanOrEqualTo(2);
    Engines.exec(tmp, 30, "kill", "-TERM", "--", "-" + sm.pid());
    assertThat(sm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> left = jobs(search);
    for (int i = 0; i < 150 && !left.isEmpty(); i++) {
      Thread.sleep(200);
      left = jobs(search);
    }
    assertThat(left).as("jobs left in squeue").isEmpty();
  }

  @Test
  void aResourceSlurmCannotGiveFailsTheTrialWithSlurmsMessage() throws Exception {
    Path search = generate("mem", "--launcher", "srun", "--slurm-mem", "100000000");
    Engines.Result r = Engines.exec(tmp, 120, "bash", search.resolve("run.sh").toString(), "bracket-0/stage-0/config-0", "1");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(String.valueOf(failed(search, "bracket-0/stage-0/config-0").get("reason")))
        .startsWith("slurm: ").contains("Memory specification can not be satisfied");
    assertThat(failed(search, "bracket-0/stage-0/config-0").get("kind")).isEqualTo("slurm_refused");
  }

  @Test
  void configValuesWithShellMetacharactersPassThroughSrunAndSbatchVerbatim() throws Exception {
    for (String launcher : List.of("srun", "sbatch")) {
      Path search = tmp.resolve("meta-" + launcher);
      Cli.Run g = Cli.run("generate", "1", "2", "-o", search.toString(), "--random-seed", "9", "--space",
          "src/test/resources/spaces/modes.yaml", "--trainer", "python3 " + FAKE, "--objective", "loss",
          "--allow-duplicates", "--launcher", launcher);
      assertThat(g.code()).as(g.err()).isZero();
      for (String trial : List.of("bracket-0/stage-0/config-0", "bracket-0/stage-0/config-1", "bracket-1/stage-0/config-0",
          "bracket-1/stage-0/config-1")) {
        Path config = search.resolve(trial).resolve("config");
        Engines.Result r = Engines.exec(tmp, 120, "bash", search.resolve("run.sh").toString(), trial, "1");
        assertThat(r.code()).as(r.output()).isZero();
        @SuppressWarnings("unchecked") Map<String, Object> seen = (Map<String, Object>) new Yaml().load(
            Files.readString(search.resolve(trial).resolve("seen.json")));
        assertThat(seen.get("config").toString()).isEqualTo(new Yaml().load(Files.readString(config)).toString());
        assertThat(((Map<?, ?>) seen.get("env")).get("HB_CONFIG")).isEqualTo(search.toRealPath().resolve(trial).resolve("config").toString());
      }
    }
    try (Stream<Path> all = Files.walk(tmp)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("pwned"))).isEmpty();
    }
  }

  /** This search's jobs in squeue (run.sh submits from the search root); other searches may share the cluster. */
  List<String> jobs(Path search) throws Exception {
    Engines.Result q = Engines.exec(tmp, 30, "squeue", "-h", "-o", "%i %j %Z");
    String root = " " + search.toRealPath();
    return q.output().lines().filter(l -> l.contains(" hb-") && l.endsWith(root)).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> failed(Path search, String trial) throws IOException {
    Path f = search.resolve(trial).resolve("failed");
    assertThat(f).as(trial + " failed").exists();
    return (Map<String, Object>) new Yaml().load(Files.readString(f));
  }
}
