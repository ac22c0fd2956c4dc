package hbgen.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.StartedMarker;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Time limits, the notice before them and requeues against real Slurm (the single-node cluster of
 * scripts/local-slurm.sh). The trainer (src/test/resources/trainers/resumable.sh) trains in units
 * of 5 s, saves a checkpoint after each, and stops on SIGUSR1 or SIGTERM; a trial of 13 units
 * (65 s) cannot finish within its 1-minute limit (Slurm checks limits and sends notices every 30 s,
 * so an attempt ends 25-55 s after it started on the notice 5 s ahead). Each test polls {@code
 * hbgen status --json} throughout and compares the results with the same trials run without
 * interruption.
 */
@Tag("engine")
class SlurmRequeueTest {
  static final Path RESUMABLE = Path.of("src/test/resources/trainers/resumable.sh").toAbsolutePath();
  static final String LONG = "bracket-0/stage-0/config-0";
  static final String SHORT = "bracket-0/stage-0/config-1";

  @TempDir Path tmp;

  @BeforeAll
  static void slurmIsUp() throws Exception {
    SlurmEndToEndTest.slurmIsUp();
  }

  Path generate(String name, String... extra) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("generate", "1", "2", "-o", out.toString(), "--random-seed", "4",
        "--space", "src/test/resources/spaces/small.yaml", "--trainer", "bash " + RESUMABLE, "--bracket", "0"));
    args.addAll(List.of(extra));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return out;
  }

  /** The results of the same trials trained without interruption (local launcher, units of 0 s). */
  Map<String, String> uninterrupted(Map<String, Integer> units) throws Exception {
    Path search = generate("uninterrupted");
    Map<String, String> results = new java.util.TreeMap<>();
    for (Map.Entry<String, Integer> e : units.entrySet()) {
      String[] ids = e.getKey().replaceAll("[^0-9/]", "").split("/");
      Files.writeString(search.resolve("units-" + String.join("-", ids)), e.getValue() + " 0\n");
      Engines.Result r = Engines.exec(tmp, 60, "bash", search.resolve("run.sh").toString(), e.getKey(), "1");
      assertThat(r.code()).as(r.output()).isZero();
      results.put(e.getKey(), Files.readString(search.resolve(e.getKey()).resolve("result")));
    }
    return results;
  }

  /** Polls status once a second until {@code done}; returns every poll in which one of the trials was failed, interrupted or unverified. */
  static List<String> pollStatus(Path search, BooleanSupplier done, long seconds) throws Exception {
    List<String> bad = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int polls = 0;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Cli.Run st = Cli.run("status", search.toString(), "--json");
      assertThat(st.code()).as(st.err()).isZero();
      polls++;
      for (Map<String, Object> t : SlurmEndToEndTest.trials(st.out())) {
        Object state = t.get("state");
        if (state.equals("failed") || state.equals("interrupted") || state.equals("unverified")) {
          bad.add("poll " + polls + ": " + t.get("path") + " " + state + " (" + t.get("reason") + "; " + t.get("launcher") + ")");
        }
      }
      Thread.sleep(1000);
    }
    assertThat(polls).as("status polls").isGreaterThanOrEqualTo(10);
    return bad;
  }

  /** The units a trial's log says were trained, in order: each once when nothing is trained twice. */
  static List<Integer> trainedUnits(Path search, String trial) throws Exception {
    return Files.readString(search.resolve(trial).resolve("log")).lines()
        .filter(l -> l.startsWith("trained unit ")).map(l -> Integer.parseInt(l.substring(13).strip())).toList();
  }

  static void assertFinishedOnceWithTheUninterruptedResult(Path search, String trial, int units, String expected)
      throws Exception {
    assertThat(search.resolve(trial).resolve("failed")).as(trial + " failed").doesNotExist();
    assertThat(Files.readString(search.resolve(trial).resolve("result"))).as(trial + " result").isEqualTo(expected);
    assertThat(trainedUnits(search, trial)).as(trial + ": units trained, each once")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, units).boxed().toList());
    assertThat(Files.readString(search.resolve(trial).resolve("log"))).as(trial + " log")
        .contains("resuming from " + search.toRealPath().resolve(trial) + " at unit ");
    assertThat(StartedMarker.parse(Files.readString(search.resolve(trial).resolve("started"))).attempt())
        .as(trial + " attempts").isGreaterThanOrEqualTo(2);
  }

  /** Budget counted once per trial: status says the whole plan is spent, no more. */
  @SuppressWarnings("unchecked")
  static void assertBudgetCountedOnce(Path search) {
    Cli.Run st = Cli.run("status", search.toString(), "--json");
    Map<String, Object> budget = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(st.out())).get("budget");
    assertThat(budget.get("spent")).as("budget spent").isEqualTo(budget.get("planned"));
  }

  @Test
  void anSrunTrialOverItsTimeLimitCheckpointsOnTheNoticeAndFinishesAfterRequeuesUnderSnakemake() throws Exception {
    Path search = generate("srun", "--launcher", "srun", "--slurm-time", "1", "--slurm-signal", "USR1@5",
        "--slurm-requeue", "4");
    Files.writeString(search.resolve("units-0-0-0"), "13 5\n");
    Map<String, String> expected = uninterrupted(Map.of(LONG, 13));
    Process sm = new ProcessBuilder("setsid", "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "2")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("snakemake.log").toFile()).start();
    List<String> bad;
    try {
      bad = pollStatus(search, () -> !sm.isAlive(), 300);
      assertThat(sm.waitFor(60, TimeUnit.SECONDS)).as("snakemake finished").isTrue();
    } finally {
      sm.destroyForcibly();
    }
    assertThat(sm.exitValue()).as(Files.readString(tmp.resolve("snakemake.log"))).isZero();
    assertThat(bad).as("polls that called a trial failed, interrupted or unverified").isEmpty();
    assertFinishedOnceWithTheUninterruptedResult(search, LONG, 13, expected.get(LONG));
    assertThat(Files.readString(search.resolve(LONG).resolve("log"))).contains("hbgen: SIGUSR1: the time limit is near",
        "ended by the SIGUSR1 notice before its time limit", "requeued (1 of 4)", "(requeue 1 of 4), budget");
    assertBudgetCountedOnce(search);
  }

  @Test
  void sbatchTrialsOverTheirTimeLimitOrRequeuedByScontrolFinishAfterRequeuesUnderHbgenRun() throws Exception {
    Path search = generate("sbatch", "--launcher", "sbatch", "--slurm-time", "1", "--slurm-signal", "USR1@5",
        "--slurm-requeue", "4");
    Files.writeString(search.resolve("units-0-0-0"), "13 5\n");
    Files.writeString(search.resolve("units-0-0-1"), "8 5\n");
    Map<String, String> expected = uninterrupted(Map.of(LONG, 13, SHORT, 8));
    CompletableFuture<Cli.Run> run = CompletableFuture.supplyAsync(() -> Cli.run("run", search.toString(), "-j", "2"));
    // scontrol requeue of the short trial once it trained two units; Slurm holds a requeued job
    // for two minutes (its BeginTime), which the test cuts short.
    CompletableFuture<String> requeued = CompletableFuture.supplyAsync(() -> {
      try {
        Path log = search.resolve(SHORT).resolve("log");
        for (int i = 0; i < 1200; i++) {
          if (Files.exists(log) && Files.readString(log).contains("trained unit 2")) {
            String job = SlurmEndToEndTest.field(search.resolve(SHORT).resolve("started"), "slurm_job_id");
            Engines.Result r = Engines.exec(tmp, 30, "scontrol", "requeue", job);
            assertThat(r.code()).as(r.output()).isZero();
            // Running again, or done (log of the second run): else still held, so release it.
            for (int k = 0; k < 2000; k++) {
              Thread.sleep(300);
              String state = Engines.exec(tmp, 30, "squeue", "-h", "-j", job, "-o", "%T").output().strip();
              if (state.equals("RUNNING") || Files.readString(log).contains("Slurm requeued job " + job)) {
                return job;
              }
              if (state.equals("PENDING")) {
                Engines.exec(tmp, 30, "scontrol", "update", "JobId=" + job, "StartTime=now");
              }
            }
            return "requeued job " + job + " never ran again";
          }
          Thread.sleep(100);
        }
        return "never trained two units";
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    // Generous: on a one-CPU machine the two trials' jobs take turns, and a requeued job may be
    // held for its two minutes when it cannot be released.
    List<String> bad = pollStatus(search, run::isDone, 900);
    if (!run.isDone()) {
      throw new AssertionError("hbgen run has not finished after 900 s: " + diagnostics(search));
    }
    Cli.Run r = run.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(requeued.get(10, TimeUnit.SECONDS)).as("the requeued job").matches("\\d+");
    assertThat(bad).as("polls that called a trial failed, interrupted or unverified").isEmpty();
    assertFinishedOnceWithTheUninterruptedResult(search, LONG, 13, expected.get(LONG));
    assertFinishedOnceWithTheUninterruptedResult(search, SHORT, 8, expected.get(SHORT));
    assertThat(Files.readString(search.resolve(LONG).resolve("log"))).contains("hbgen: SIGUSR1: the time limit is near",
        "SIGUSR1 at unit", "requeued (1 of 4)");
    assertThat(Files.readString(search.resolve(SHORT).resolve("log"))).contains("DUE TO JOB REQUEUE", "SIGTERM at unit 3",
        "(requeue 1 of 4: Slurm requeued job " + requeued.get() + ")");
    assertBudgetCountedOnce(search);
  }

  /** What a run that hangs leaves to read: the trials' logs and started markers, and Slurm's queue. */
  String diagnostics(Path search) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String trial : List.of(LONG, SHORT)) {
      for (String file : List.of("log", "started")) {
        Path f = search.resolve(trial).resolve(file);
        out.append("\n--- ").append(trial).append('/').append(file).append(":\n")
            .append(Files.exists(f) ? Files.readString(f) : "(none)");
      }
    }
    out.append("\n--- squeue:\n").append(Engines.exec(tmp, 30, "squeue", "-a", "-o", "%i %T %r %S %M").output());
    out.append("\n--- sacct:\n").append(Engines.exec(tmp, 30, "sacct", "-a", "-X", "-o", "JobID,State,Start,End,Reason%40").output());
    return out.toString();
  }

  /** A trial that needs more requeues than allowed fails as timeout, after its last requeue, and says so. */
  @Test
  void whenRequeuesRunOutTheTrialFailsAsTimeoutWithItsAttempts() throws Exception {
    Path search = generate("out", "--launcher", "srun", "--slurm-time", "1", "--slurm-signal", "USR1@5",
        "--slurm-requeue", "1");
    Files.writeString(search.resolve("units-0-0-0"), "100 5\n");
    Engines.Result r = Engines.exec(tmp, 400, "bash", search.resolve("run.sh").toString(), LONG, "1");
    assertThat(r.code()).as(r.output()).isZero();
    Map<String, Object> failed = SlurmEndToEndTest.failed(search, LONG);
    assertThat(failed.get("kind")).isEqualTo("timeout");
    assertThat(failed.get("attempts")).isEqualTo(2);
    assertThat(String.valueOf(failed.get("reason"))).startsWith("timeout").endsWith("(after 1 requeues)");
    String log = Files.readString(search.resolve(LONG).resolve("log"));
    assertThat(log).contains("attempt 1 of 1 (and up to 1 requeues), budget 1", "requeued (1 of 1)",
        "attempt 2 (requeue 1 of 1), budget 1", "attempt 2 failed: timeout");
    List<Integer> units = trainedUnits(search, LONG);
    assertThat(units).as("units trained, each once").containsExactlyElementsOf(IntStream.rangeClosed(1, units.size()).boxed().toList());
    assertThat(Files.readAllLines(search.resolve("results.tsv")).get(1).split("\t")[6]).as("attempts in the ledger").isEqualTo("2");
  }
}
