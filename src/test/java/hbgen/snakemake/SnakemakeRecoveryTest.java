package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recovery under real Snakemake (Debian's 7.21), as hbgen documents and prints it: rerunning the
 * failed trials of a finished search, and resuming after Snakemake was killed with SIGKILL while
 * trials ran. Trainer invocations are counted per trial (the trainers append their trial to
 * invocations.log).
 */
@Tag("engine")
class SnakemakeRecoveryTest {
  static final Path FAKE = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;

  /** Trainer invocations per trial directory, relative to the search root. */
  static Map<String, Integer> invocations(Path search) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    Path log = search.resolve("invocations.log");
    if (!Files.exists(log)) {
      return out;
    }
    for (String line : Files.readAllLines(log)) {
      if (!line.isBlank()) {
        out.merge(search.toRealPath().relativize(Path.of(line).toRealPath()).toString(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** This hbgen as a process in {@code cwd}. */
  static Engines.Result hbgen(Path cwd, String... args) throws Exception {
    List<String> command = new ArrayList<>(hbgen.search.HbgenExecutable.current(System.getenv()).argv());
    command.addAll(List.of(args));
    return Engines.exec(cwd, 120, command, Map.of());
  }

  static Engines.Result snakemake(Path cwd, Path search, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "3"));
    args.addAll(List.of(more));
    return Engines.exec(cwd, 600, args, Map.of());
  }

  @Test
  void theCommandStatusPrintsRerunsExactlyTheFailedTrialsAndWhatDependsOnThem() throws Exception {
    Engines.require("snakemake");
    Path search = tmp.resolve("modes");
    Cli.Run gen = Cli.run("generate", "2", "3", "-o", search.toString(), "--random-seed", "5",
        "--space", "src/test/resources/spaces/modes.yaml", "--trainer", "/usr/bin/python3 " + FAKE, "--objective", "loss",
        "--allow-duplicates");
    assertThat(gen.code()).as(gen.err()).isZero();
    Engines.Result first = snakemake(tmp, search);
    assertThat(first.code()).as(first.output()).isZero();
    SearchDir s = SearchDir.open(search);
    Set<TrialId> failed = new TreeSet<>();
    for (TrialId id : s.trials()) {
      if (Files.exists(s.dir(id).resolve("failed"))) {
        failed.add(id);
      }
    }
    assertThat(failed).as("the space makes some trials fail").isNotEmpty();
    Map<String, Integer> before = invocations(search);

    // What status --failed prints, run from the directory status ran in: hbgen as a process in
    // tmp, given the search's relative path.
    Engines.Result status = hbgen(tmp, "status", "modes", "--failed");
    assertThat(status.code()).as(status.output()).isZero();
    Matcher m = Pattern.compile("(?m)^  hbgen rerun (\\S+) --failed$").matcher(status.output());
    assertThat(m.find()).as(status.output()).isTrue();
    assertThat(m.group(1)).isEqualTo("modes");
    Engines.Result rerun = hbgen(tmp, "rerun", m.group(1), "--failed");
    assertThat(rerun.code()).as(rerun.output()).isZero();
    assertThat(search.resolve("best.yaml")).doesNotExist();
    Matcher sm = Pattern.compile("(?m)^  snakemake --snakefile (\\S+) -j 4").matcher(status.output());
    assertThat(sm.find()).as(status.output()).isTrue();
    Engines.Result again = Engines.exec(tmp, 600, List.of("snakemake", "--snakefile", sm.group(1), "-j", "3"), Map.of());
    assertThat(again.code()).as(again.output()).isZero();

    Set<String> mayRun = new HashSet<>();
    for (TrialId f : failed) {
      mayRun.add(f.path());
      for (TrialId id : s.trials()) {
        if (id.bracket() == f.bracket() && id.stage() > f.stage()) {
          mayRun.add(id.path());
        }
      }
    }
    Map<String, Integer> after = invocations(search);
    for (TrialId id : s.trials()) {
      int n = after.getOrDefault(id.path(), 0) - before.getOrDefault(id.path(), 0);
      boolean skipped = Files.exists(s.dir(id).resolve("skipped"));
      if (failed.contains(id) || (mayRun.contains(id.path()) && !skipped)) {
        assertThat(n).as(id.path() + " trains again once").isEqualTo(1);
      } else {
        assertThat(n).as(id.path() + " does not train again").isZero();
      }
    }
    assertThat(search.resolve("best.yaml")).exists();
    SnakemakeEndToEndTest.checkPromotions(s);
  }

  @ParameterizedTest(name = "kill the {0}, resume with ''{1}''")
  @CsvSource({"snakemake process, ''", "snakemake process, --rerun-incomplete", "process group, --rerun-incomplete"})
  void afterSnakemakeIsKilledTheDocumentedResumeNeverTrainsAFinishedTrialAgain(String victim, String extra)
      throws Exception {
    Engines.require("snakemake");
    Path trainer = tmp.resolve("slow.sh");
    Files.writeString(trainer, "#!/bin/bash\necho \"$HB_DIR\" >> \"$HB_ROOT/invocations.log\"\nsleep 2\n"
        + "printf '0.%s\\n' \"$((5 + HB_CONFIG_ID))\" > \"$HB_RESULT\"\n");
    Path search = tmp.resolve("slow");
    Cli.Run gen = Cli.run("generate", "1", "3", "-o", search.toString(), "--random-seed", "3",
        "--trainer", "bash " + trainer);
    assertThat(gen.code()).as(gen.err()).isZero();
    SearchDir s = SearchDir.open(search);

    ProcessBuilder pb = new ProcessBuilder("setsid", "snakemake", "--snakefile", search.resolve("Snakefile").toString(),
        "-j", "3").directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("first.out").toFile());
    Process sm = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (started(s) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(started(s)).as(Files.readString(tmp.resolve("first.out"))).isGreaterThanOrEqualTo(2);
    long pid = sm.pid();
    Set<String> runningAtKill = new TreeSet<>();
    for (TrialId id : s.trials()) {
      if (Files.exists(s.dir(id).resolve("started")) && !Files.exists(s.dir(id).resolve("result"))) {
        runningAtKill.add(id.path());
      }
    }
    List<String> kill = victim.startsWith("process group") ? List.of("kill", "-KILL", "--", "-" + pid) : List.of("kill", "-KILL", "" + pid);
    assertThat(new ProcessBuilder(kill).start().waitFor()).isZero();
    sm.waitFor(10, TimeUnit.SECONDS);
    // Its trials' launchers go on (unless the group was killed): wait until they are done.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (launcherAlive(s) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(launcherAlive(s)).as("the launchers left by the killed Snakemake ended").isFalse();
    Set<String> finishedAtKill = new TreeSet<>();
    for (TrialId id : s.trials()) {
      if (Files.exists(s.dir(id).resolve("result"))) {
        finishedAtKill.add(id.path());
      }
    }
    Map<String, Integer> before = invocations(search);
    if (victim.equals("snakemake process")) {
      assertThat(finishedAtKill).as("launchers that ran on after the kill finished their trials")
          .containsAnyElementsOf(runningAtKill);
    }

    // What hbgen documents and prints: unlock, then run again.
    Engines.Result refused = snakemake(tmp, search);
    assertThat(refused.code()).as("a killed Snakemake leaves its lock").isNotZero();
    Cli.Run run = Cli.run("rerun", search.toString(), "--failed");
    assertThat(run.code()).as("hbgen refuses while Snakemake's lock is there").isEqualTo(1);
    assertThat(run.err()).contains("--unlock");
    Engines.Result unlock = snakemake(tmp, search, "--unlock");
    assertThat(unlock.code()).as(unlock.output()).isZero();
    Engines.Result resumed = extra.isEmpty() ? snakemake(tmp, search) : snakemake(tmp, search, extra);
    assertThat(resumed.code()).as(resumed.output()).isZero();

    Map<String, Integer> after = invocations(search);
    for (String t : finishedAtKill) {
      assertThat(after.get(t)).as(t + " finished before the resume and is not trained again").isEqualTo(before.get(t));
    }
    for (TrialId id : s.trials()) {
      if (!Files.exists(s.dir(id).resolve("skipped"))) {
        assertThat(after.getOrDefault(id.path(), 0)).as(id.path() + " trained").isPositive();
      }
      assertThat(s.dir(id).resolve("result")).exists();
    }
    List<String> completed = Files.readAllLines(search.resolve("results.tsv")).stream().skip(1)
        .map(l -> l.split("\t")[1]).toList();
    assertThat(completed).as("one ledger line per trial").doesNotHaveDuplicates();
    assertThat(search.resolve("best.yaml")).exists();
    SnakemakeEndToEndTest.checkPromotions(s);
  }

  /** Whether the launcher (run.sh) named in some trial's started marker is still alive. */
  private static boolean launcherAlive(SearchDir s) throws IOException {
    for (TrialId id : s.trials()) {
      Path started = s.dir(id).resolve("started");
      if (!Files.exists(started)) {
        continue;
      }
      for (String line : Files.readAllLines(started)) {
        if (line.startsWith("pid: ") && alive(line.substring(5).strip())) {
          return true;
        }
      }
    }
    return false;
  }

  /** A process that exists and is not a zombie (orphans may wait a while to be reaped here). */
  private static boolean alive(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private static long started(SearchDir s) {
    return s.trials().stream().filter(id -> Files.exists(s.dir(id).resolve("started"))).count();
  }
}
