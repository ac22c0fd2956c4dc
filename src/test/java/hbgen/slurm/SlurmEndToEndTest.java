package hbgen.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
  void aCancelledTrialAndATimedOutTrialFailWithTheirReasonAndTheSearchCompletes() throws Exception {
    Path search = generate("cancel", "--launcher", "srun", "--slurm-time", "1", "--bracket", "0");
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

  List<String> jobs(Path search) throws Exception {
    Engines.Result q = Engines.exec(tmp, 30, "squeue", "-h", "-o", "%i %j");
    return q.output().lines().filter(l -> l.contains(" hb-")).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> failed(Path search, String trial) throws IOException {
    Path f = search.resolve(trial).resolve("failed");
    assertThat(f).as(trial + " failed").exists();
    return (Map<String, Object>) new Yaml().load(Files.readString(f));
  }
}
