package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.RunLock;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hbgen rerun}, with the built-in engine rerunning what it invalidated (Snakemake: SnakemakeRecoveryTest). */
class RerunCommandTest {
  static final Path FAKE = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;
  Path search;
  SearchDir s;

  @BeforeEach
  void finishedSearch() {
    search = tmp.resolve("s");
    Cli.Run gen = Cli.run("generate", "1", "3", "-o", search.toString(), "--random-seed", "7",
        "--space", "src/test/resources/spaces/modes.yaml", "--trainer", "/usr/bin/python3 " + FAKE,
        "--objective", "loss", "--allow-duplicates");
    assertThat(gen.code()).as(gen.err()).isZero();
    Cli.Run run = Cli.run("run", search.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    s = SearchDir.open(search);
  }

  Map<String, Integer> invocations() throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    for (String line : Files.readAllLines(search.resolve("invocations.log"))) {
      out.merge(search.relativize(Path.of(line)).toString(), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void aRerunTrialAndTheLaterStagesOfItsBracketRunAgainAndNothingElse() throws Exception {
    TrialId chosen = new TrialId(0, 0, 1);
    Map<String, Integer> before = invocations();
    Cli.Run r = Cli.run("rerun", search.toString(), search.resolve(chosen.path()).toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Made 1 trial run again").contains("bracket-0/stage-0/config-1")
        .contains("hbgen run " + search);
    assertThat(search.resolve(chosen.path()).resolve("result")).doesNotExist();
    assertThat(search.resolve("bracket-0/stage-1/promotion.yaml")).doesNotExist();
    assertThat(search.resolve("best.yaml")).doesNotExist();
    assertThat(search.resolve("config")).doesNotExist();
    assertThat(search.resolve("bracket-0/stage-0/config-0/result")).exists();
    assertThat(search.resolve("bracket-1/stage-0/config-0/result")).exists();
    assertThat(search.resolve(chosen.path()).resolve("config")).as("a stage-0 config stays").exists();

    Cli.Run again = Cli.run("run", search.toString(), "-j", "2");
    assertThat(again.code()).as(again.err()).isZero();
    Map<String, Integer> after = invocations();
    for (TrialId id : s.trials()) {
      int n = after.getOrDefault(id.path(), 0) - before.getOrDefault(id.path(), 0);
      boolean dependent = id.bracket() == 0 && id.stage() > 0 && !Files.exists(s.dir(id).resolve("skipped"));
      assertThat(n).as(id.path()).isEqualTo(id.equals(chosen) || dependent ? 1 : 0);
    }
    assertThat(search.resolve(chosen.path()).resolve("log.1")).as("the earlier log is kept").exists();
    assertThat(search.resolve("best.yaml")).exists();
  }

  @Test
  void failedTakesEveryFailedTrial() throws Exception {
    long failed = s.trials().stream().filter(id -> Files.exists(s.dir(id).resolve("failed"))).count();
    assertThat(failed).as("the space makes some trials fail").isPositive();
    Cli.Run r = Cli.run("rerun", search.toString(), "--failed");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(s.trials().stream().filter(id -> Files.exists(s.dir(id).resolve("failed")))).isEmpty();
    assertThat(r.out()).startsWith("Made " + failed + " trial");
  }

  @Test
  void aTrialIsNamedByItsPathOrByItsDirectory() {
    assertThat(RerunCommand.trial(s, "bracket-0/stage-1/config-0")).isEqualTo(new TrialId(0, 1, 0));
    assertThat(RerunCommand.trial(s, search.resolve("bracket-1/stage-0/config-1/").toString())).isEqualTo(new TrialId(1, 0, 1));
  }

  @Test
  void aTrialOutsideThePlanIsAUsageErrorAndChangesNothing() {
    Cli.Run r = Cli.run("rerun", search.toString(), "bracket-0/stage-0/config-99");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("hbgen: TRIAL 'bracket-0/stage-0/config-99': " + search + " has no trial bracket-0/stage-0/config-99\n");
    Cli.Run other = Cli.run("rerun", search.toString(), tmp.toString());
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.err()).startsWith("hbgen: TRIAL '" + tmp + "': expected bracket-I/stage-J/config-K");
    assertThat(Cli.run("rerun", search.toString()).code()).isEqualTo(2);
    assertThat(search.resolve("best.yaml")).exists();
  }

  @Test
  void refusedWhileAnEngineHoldsTheSearch() {
    try (RunLock lock = RunLock.acquire(search)) {
      Cli.Run r = Cli.run("rerun", search.toString(), "--failed");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).startsWith("hbgen: ").contains("another hbgen run").doesNotContain("\n\n");
      assertThat(r.err().lines()).hasSize(1);
    }
    assertThat(search.resolve("best.yaml")).exists();
  }

  @Test
  void aTrialWhoseLauncherStillRunsIsNotTouched() throws Exception {
    TrialId id = new TrialId(0, 0, 1);
    Path trial = search.resolve(id.path());
    // A launcher left by a killed engine: run.sh waits for the trial's lock, held here.
    Process holder = new ProcessBuilder("flock", "-o", trial.toString(), "sleep", "60").start();
    Process launcher = null;
    try {
      Thread.sleep(300);
      launcher = new ProcessBuilder("bash", search.resolve("run.sh").toString(), id.path(), "1")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      Files.writeString(trial.resolve("started"), "pid: " + launcher.pid() + "\n");
      long until = System.nanoTime() + 10_000_000_000L;
      while (hbgen.run.Survivors.pid(search.toAbsolutePath(), trial, id.path()).isEmpty() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      Cli.Run r = Cli.run("rerun", search.toString(), id.path());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("hbgen: " + trial + ": its launcher (run.sh, pid " + launcher.pid()
          + ") is still running; wait for it to end or stop it, then run hbgen rerun again; nothing was changed\n");
      assertThat(trial.resolve("result")).exists();
      assertThat(search.resolve("best.yaml")).exists();
    } finally {
      holder.descendants().forEach(ProcessHandle::destroyForcibly);
      holder.destroyForcibly().waitFor();
      if (launcher != null) {
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly().waitFor();
      }
    }
  }
}
