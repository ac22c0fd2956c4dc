package hbgen.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.space.Seeds;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/** The generated run.sh, run directly as the Snakefile's train rule and `hbgen run` run it. */
class LauncherTest {
  static final Path TRAINER = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;
  Path search;

  void generate(String... extra) {
    search = tmp.resolve("search");
    List<String> args = new java.util.ArrayList<>(List.of("generate", "1", "2", "-o", search.toString(),
        "--random-seed", "11", "--trainer", "python3 " + TRAINER, "--space", "src/test/resources/spaces/modes.yaml",
        "--objective", "loss", "--allow-duplicates"));
    args.addAll(List.of(extra));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
  }

  Engines.Result launch(String trial, String budget) throws Exception {
    return Engines.exec(tmp, 60, "bash", search.resolve("run.sh").toString(), trial, budget);
  }

  void config(String trial, String json) throws IOException {
    Files.createDirectories(search.resolve(trial));
    Files.writeString(search.resolve(trial).resolve("config"), json);
  }

  String read(String trial, String file) throws IOException {
    return Files.readString(search.resolve(trial).resolve(file));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> seen(String trial) throws IOException {
    return (Map<String, Object>) new Yaml().load(read(trial, "seen.json"));
  }

  List<String> ledger() throws IOException {
    return Files.readAllLines(search.resolve("results.tsv"));
  }

  @Nested
  class Success {
    @BeforeEach
    void setUp() throws IOException {
      generate();
    }

    @Test
    void aValidResultCompletesTheTrialAndIsLedgered() throws Exception {
      config("bracket-0/stage-0/config-0", "{\"mode\": \"ok\", \"x\": 0.25}\n");
      Engines.Result r = launch("bracket-0/stage-0/config-0", "1");
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(read("bracket-0/stage-0/config-0", "result")).isEqualTo("{\"loss\": 0.25, \"accuracy\": 0.75}\n");
      assertThat(search.resolve("bracket-0/stage-0/config-0/failed")).doesNotExist();
      assertThat(search.resolve("bracket-0/stage-0/config-0/result.new")).doesNotExist();
      List<String> lines = ledger();
      assertThat(lines).hasSize(2);
      String[] cols = lines.get(1).split("\t", -1);
      assertThat(cols).hasSize(11);
      assertThat(cols[1]).isEqualTo("bracket-0/stage-0/config-0");
      assertThat(cols[2]).isEqualTo("completed");
      assertThat(cols[3]).isEqualTo("0.25");
      assertThat(cols[7]).isEqualTo("{\"loss\": 0.25, \"accuracy\": 0.75}");
      assertThat(read("bracket-0/stage-0/config-0", "started")).contains("attempt: 1", "budget: 1", "pid: ");
    }

    @Test
    void theTrainerSeesTheContractEnvironmentAndTwoArguments() throws Exception {
      config("bracket-0/stage-0/config-1", "{\"mode\": \"ok\", \"x\": 0.5}\n");
      launch("bracket-0/stage-0/config-1", "1");
      Map<String, Object> seen = seen("bracket-0/stage-0/config-1");
      Path dir = search.toRealPath().resolve("bracket-0/stage-0/config-1");
      assertThat(seen.get("argv")).isEqualTo(List.of(dir.resolve("config").toString(), "1"));
      @SuppressWarnings("unchecked") Map<String, String> env = (Map<String, String>) seen.get("env");
      assertThat(env).containsEntry("HB_CONFIG", dir.resolve("config").toString())
          .containsEntry("HB_DIR", dir.toString())
          .containsEntry("HB_BUDGET", "1")
          .containsEntry("HB_PREV_BUDGET", "0")
          .containsEntry("HB_PARENT_DIR", "")
          .containsEntry("HB_BRACKET", "0")
          .containsEntry("HB_STAGE", "0")
          .containsEntry("HB_CONFIG_ID", "1")
          .containsEntry("HB_RESULT", dir.resolve("result.new").toString())
          .containsEntry("HB_SEED", Long.toString(new Seeds(11).configSeed(0, 1)));
      // the trainer runs in --trainer-dir, by default the directory hbgen generate ran in
      assertThat(seen.get("cwd")).isEqualTo(Path.of("").toAbsolutePath().toString());
    }

    @Test
    void aPromotedTrialSeesItsParentAndKeepsItsOriginSeed() throws Exception {
      config("bracket-0/stage-1/config-0", "{\"mode\": \"ok\", \"x\": 0.5}\n");
      Files.writeString(search.resolve("bracket-0/stage-1/config-0/promoted-from"), "bracket-0/stage-0/config-1\n");
      launch("bracket-0/stage-1/config-0", "2");
      @SuppressWarnings("unchecked") Map<String, String> env = (Map<String, String>) seen("bracket-0/stage-1/config-0").get("env");
      assertThat(env).containsEntry("HB_PARENT_DIR", search.toRealPath().resolve("bracket-0/stage-0/config-1").toString())
          .containsEntry("HB_PREV_BUDGET", "1")
          .containsEntry("HB_CONFIG_ID", "0")
          .containsEntry("HB_SEED", Long.toString(new Seeds(11).configSeed(0, 1)));
    }

    @Test
    void anUnfilledPromotionSlotIsSkippedWithoutRunningTheTrainer() throws Exception {
      Files.createDirectories(search.resolve("bracket-0/stage-1/config-0"));
      Engines.Result r = launch("bracket-0/stage-1/config-0", "2");
      assertThat(r.code()).isZero();
      assertThat(read("bracket-0/stage-1/config-0", "result")).isEqualTo("nan\n");
      assertThat(read("bracket-0/stage-1/config-0", "skipped")).contains("too few finished trials");
      assertThat(search.resolve("invocations.log")).doesNotExist();
    }

    @Test
    void misuseIsRefusedWithExitTwo() throws Exception {
      Engines.Result r = launch("../etc", "1");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.output()).contains("not a trial directory");
    }
  }

  @Nested
  class Failures {
    @BeforeEach
    void setUp() throws IOException {
      generate("--retries", "1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "exit3    | exit_code     | exit code 3",
        "noresult | no_result     | no result (the trainer exited 0 without writing $HB_RESULT)",
        "garbage  | unparseable   | unparseable result entry loss: low",
        "nan      | nan_objective | objective is nan"})
    void aFailingTrialIsMarkedFailedWithItsKindAndNanAndTheWorkflowGoesOn(String mode, String kind, String reason)
        throws Exception {
      config("bracket-0/stage-0/config-0", "{\"mode\": \"" + mode + "\", \"x\": 0.5}\n");
      Engines.Result r = launch("bracket-0/stage-0/config-0", "1");
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(read("bracket-0/stage-0/config-0", "result")).isEqualTo("nan\n");
      @SuppressWarnings("unchecked") Map<String, Object> failed = (Map<String, Object>) new Yaml().load(read("bracket-0/stage-0/config-0", "failed"));
      assertThat(failed.get("reason")).isEqualTo(reason);
      assertThat(failed.get("kind")).isEqualTo(kind);
      assertThat(failed.get("attempts")).isEqualTo(2);
      assertThat(String.valueOf(failed.get("last_log_lines"))).contains("fake trainer: mode " + mode);
      assertThat(Files.readAllLines(search.resolve("invocations.log"))).hasSize(2);
      String[] cols = ledger().get(1).split("\t", -1);
      assertThat(cols[2]).isEqualTo("failed");
      assertThat(cols[3]).isEqualTo("nan");
      assertThat(cols[8]).isEqualTo(reason);
    }
  }

  @Nested
  class Reruns {
    @BeforeEach
    void setUp() throws IOException {
      generate();
    }

    @Test
    void aTrialWithAValidResultIsNotTrainedAgain() throws Exception {
      config("bracket-0/stage-0/config-0", "{\"mode\": \"ok\", \"x\": 0.5}\n");
      assertThat(launch("bracket-0/stage-0/config-0", "1").code()).isZero();
      Engines.Result again = launch("bracket-0/stage-0/config-0", "1");
      assertThat(again.code()).as(again.output()).isZero();
      assertThat(again.output()).contains("bracket-0/stage-0/config-0 has finished (its result is in place); not run again");
      assertThat(Files.readAllLines(search.resolve("invocations.log"))).hasSize(1);
      assertThat(ledger()).hasSize(2);
    }

    @Test
    void aRerunKeepsTheEarlierLogsAsLog1AndLog2() throws Exception {
      String trial = "bracket-0/stage-0/config-0";
      config(trial, "{\"mode\": \"exit3\", \"x\": 0.5}\n");
      for (int run = 1; run <= 3; run++) {
        Files.deleteIfExists(search.resolve(trial).resolve("result"));
        Files.deleteIfExists(search.resolve(trial).resolve("failed"));
        assertThat(launch(trial, "1").code()).isZero();
      }
      assertThat(read(trial, "log.1")).contains("attempt 1 of 1").contains("fake trainer: mode exit3");
      assertThat(read(trial, "log.2")).contains("attempt 1 of 1");
      assertThat(read(trial, "log")).contains("attempt 1 of 1");
      assertThat(search.resolve(trial).resolve("log.3")).doesNotExist();
    }

    @Test
    void aResultWithoutItsMarkerThatDoesNotParseIsTrainedAgain() throws Exception {
      String trial = "bracket-0/stage-0/config-0";
      config(trial, "{\"mode\": \"ok\", \"x\": 0.5}\n");
      Files.writeString(search.resolve(trial).resolve("result"), "{\"loss\": 0.2");
      assertThat(launch(trial, "1").code()).isZero();
      assertThat(Files.readAllLines(search.resolve("invocations.log"))).hasSize(1);
      assertThat(read(trial, "result")).isEqualTo("{\"loss\": 0.5, \"accuracy\": 0.5}\n");
    }
  }

  @Nested
  class HostileValues {
    @Test
    void configValuesWithShellMetacharactersReachTheTrainerVerbatimAndRunNothing() throws Exception {
      generate();
      List<String> notes = List.of("it's", "$(touch pwned)", "`touch pwned`", "a; touch pwned", "line1\nline2", "\"dq\" \\ back");
      // every note value of the space appears in some stage-0 config; run them all
      try (Stream<Path> configs = Files.walk(search).filter(p -> p.getFileName().toString().equals("config"))) {
        for (Path c : configs.toList()) {
          String trial = search.relativize(c.getParent()).toString();
          String text = Files.readString(c).replace("\"mode\": \"exit3\"", "\"mode\": \"ok\"");
          Files.writeString(c, text);
          launch(trial, "1");
          @SuppressWarnings("unchecked") Map<String, Object> cfg = (Map<String, Object>) seen(trial).get("config");
          assertThat(notes).contains((String) cfg.get("note"));
          assertThat(new Yaml().load(text).toString()).isEqualTo(cfg.toString());
        }
      }
      try (Stream<Path> all = Stream.concat(Files.walk(tmp), Files.walk(Path.of("")))) {
        assertThat(all.filter(p -> p.getFileName().toString().equals("pwned"))).isEmpty();
      }
    }

    @Test
    void aTrainerCommandWithQuotesAndSpacesRunsAsWritten() throws Exception {
      Path odd = tmp.resolve("dir with 'quotes' and spaces");
      Files.createDirectories(odd);
      Files.copy(TRAINER, odd.resolve("train it.py"));
      search = tmp.resolve("s2");
      Cli.Run r = Cli.run("generate", "0", "2", "-o", search.toString(), "--random-seed", "1",
          "--trainer", "python3 \"" + odd.resolve("train it.py") + "\"", "--space", "src/test/resources/spaces/small.yaml",
          "--objective", "loss");
      assertThat(r.code()).as(r.err()).isZero();
      Engines.Result run = launch("bracket-0/stage-0/config-0", "1");
      assertThat(run.code()).as(run.output()).isZero();
      assertThat(read("bracket-0/stage-0/config-0", "result")).contains("loss");
    }
  }

  /** --timeout: a local trial over its time limit is stopped (its process group, TERM, then KILL) and fails as timeout. */
  @Nested
  class Timeout {
    static final Path RESUMABLE = Path.of("src/test/resources/trainers/resumable.sh").toAbsolutePath();

    void generateWith(String trainer, String... extra) {
      search = tmp.resolve("timeout");
      List<String> args = new java.util.ArrayList<>(List.of("generate", "1", "2", "-o", search.toString(),
          "--random-seed", "4", "--space", "src/test/resources/spaces/small.yaml", "--trainer", trainer));
      args.addAll(List.of(extra));
      Cli.Run r = Cli.run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> failed(String trial) throws IOException {
      return (Map<String, Object>) new Yaml().load(read(trial, "failed"));
    }

    @Test
    void aTrialOverItsTimeoutIsStoppedWithTermAndFailsAsTimeoutAfterItsRetries() throws Exception {
      generateWith("bash " + RESUMABLE, "--timeout", "2s", "--retries", "1");
      String trial = "bracket-0/stage-0/config-0";
      Files.writeString(search.resolve("units-0-0-0"), "30 1\n");
      long t0 = System.nanoTime();
      Engines.Result r = launch(trial, "1");
      long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(seconds).as("two attempts of 2 s").isBetween(4L, 15L);
      assertThat(failed(trial)).containsEntry("kind", "timeout").containsEntry("attempts", 2)
          .containsEntry("reason", "timeout (over --timeout of 2 s)");
      assertThat(read(trial, "result")).isEqualTo("nan\n");
      // the trainer itself got TERM (it leads no group of its own: timeout(1)'s group took it along)
      assertThat(read(trial, "log")).contains("SIGTERM at unit", "hbgen: stopped after 2 s (--timeout)",
          "attempt 1 failed: timeout", "attempt 2 failed: timeout");
      String[] cols = ledger().get(1).split("\t", -1);
      assertThat(cols[2]).isEqualTo("failed");
      assertThat(cols[6]).isEqualTo("2");
    }

    @Test
    void aTrainerThatIgnoresTermIsKilledWithItsChildrenAfterTheGracePeriod() throws Exception {
      Path pids = tmp.resolve("pids");
      generateWith("bash -c 'trap \"\" TERM; sleep 300 & echo $$ $! >" + pids + "; wait'", "--timeout", "1");
      long t0 = System.nanoTime();
      Engines.Result r = launch("bracket-0/stage-0/config-0", "1");
      long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(seconds).as("1 s, then KILL 10 s after TERM").isBetween(10L, 30L);
      assertThat(failed("bracket-0/stage-0/config-0")).containsEntry("kind", "timeout");
      for (String pid : Files.readString(pids).strip().split(" ")) {
        assertThat(gone(pid)).as("process " + pid + " (the trainer's shell and its sleep) is gone").isTrue();
      }
    }

    /** Whether a process is gone: no /proc entry, or a zombie (its parent died with it; init reaps it). */
    boolean gone(String pid) throws Exception {
      for (int i = 0; i < 50; i++) {
        try {
          String stat = Files.readString(Path.of("/proc", pid, "stat"));
          if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
            return true;
          }
        } catch (IOException e) {
          return true;
        }
        Thread.sleep(100);
      }
      return false;
    }

    @Test
    void aTrialWithinItsTimeoutCompletes() throws Exception {
      generateWith("bash " + RESUMABLE, "--timeout", "01:00:00");
      Engines.Result r = launch("bracket-0/stage-0/config-0", "1");
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(search.resolve("bracket-0/stage-0/config-0/failed")).doesNotExist();
      assertThat(read("bracket-0/stage-0/config-0", "result")).matches("0\\.\\d{6}\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "90s      | 90",
        "30m      | 1800",
        "2h       | 7200",
        "01:00:00 | 3600",
        "45       | 45"})
    void durationsAreReadInSecondsAndRecorded(String text, long seconds) throws Exception {
      generateWith("bash " + RESUMABLE, "--timeout", text);
      assertThat(Files.readString(search.resolve("run.sh"))).contains(" TIMEOUT=" + seconds + "\n");
      assertThat(Files.readString(search.resolve("hbgen.yaml"))).contains("timeout_seconds: " + seconds);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0s         | --timeout must be positive, was '0s'",
        "soon       | --timeout must be a duration such as 90s, 30m, 2h or 01:00:00, was 'soon'",
        "5y         | --timeout must be a duration such as 90s, 30m, 2h or 01:00:00, was '5y'"})
    void aBadTimeoutIsAUsageErrorThatWritesNothing(String text, String message) {
      Path out = tmp.resolve("bad");
      Cli.Run r = Cli.run("generate", "1", "2", "-o", out.toString(), "--timeout", text);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err().strip()).isEqualTo("hbgen: " + message);
      assertThat(out).doesNotExist();
    }

    @Test
    void aTimeoutWithASlurmLauncherIsAUsageError() {
      Cli.Run r = Cli.run("generate", "1", "2", "-o", tmp.resolve("bad").toString(), "--timeout", "1h", "--launcher", "srun");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--timeout limits trials of the local launcher; with --launcher srun use --slurm-time");
    }
  }
}
