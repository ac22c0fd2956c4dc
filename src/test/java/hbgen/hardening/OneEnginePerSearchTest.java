package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine per search, with real Snakemake: a Snakemake started while {@code hbgen run} runs the
 * search refuses to start (from the Snakefile, before it builds a job) and runs no trainer;
 * {@code hbgen run} started while Snakemake runs the search is refused, even when Snakemake runs
 * with {@code --nolock}; and {@code hbgen run --engine snakemake}, which holds hbgen's lock for
 * the Snakemake it starts, works and keeps other Snakemakes out. Two {@code hbgen run} on one
 * search: RunCommandTest.Kills#aSecondRunOnTheSameSearchIsRefused. Parallel writers of the ledger:
 * LedgerConcurrencyTest.
 */
@Tag("engine")
class OneEnginePerSearchTest {
  /** Counts its calls and waits while the file {@code hold} exists. */
  static final String TRAINER = """
      #!/usr/bin/env bash
      here=$(dirname "$0")
      echo "$HB_DIR" >> "$here/calls"
      while [[ -f $here/hold ]]; do sleep 0.05; done
      echo "0.$(( HB_SEED % 997 ))" > "$HB_RESULT"
      """;

  @TempDir Path tmp;

  private Path trainerDir;
  private Path root;
  private Path hold;

  @BeforeEach
  void search() throws IOException {
    Engines.require("snakemake");
    trainerDir = tmp.resolve("trainer");
    root = TestSearch.generate(tmp.resolve("s"), "1", "3", "--trainer",
        TestSearch.trainer(trainerDir, "train.sh", TRAINER));
    hold = Files.writeString(trainerDir.resolve("hold"), "");
  }

  private int calls() throws IOException {
    Path calls = trainerDir.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
  }

  private Process snakemake(Path log, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("snakemake", "--snakefile", root.resolve("Snakefile").toString(), "-j", "1"));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  @Test
  void snakemakeRefusesToStartWhileHbgenRunRunsTheSearch() throws Exception {
    Path runLog = tmp.resolve("run.log");
    Process run = Child.start(tmp, runLog, "run", root.toString(), "-j", "1");
    TestSearch.until(120, "hbgen run's first trainer", () -> calls() == 1);
    for (String[] args : new String[][] {{}, {"-n"}, {"--nolock"}}) {
      Engines.Result refused = Engines.exec(tmp, 120, concat(List.of("snakemake", "--snakefile",
          root.resolve("Snakefile").toString(), "-j", "1"), args), Map.of());
      assertThat(refused.code()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("WorkflowError")
          .contains(root + ": hbgen run is running on this search (pid " + run.pid() + ",");
    }
    assertThat(calls()).as("trainer calls: hbgen run's only").isEqualTo(1);
    assertThat(root.resolve(".snakemake/locks")).doesNotExist();

    Files.delete(hold);
    assertThat(Child.await(run, 180, runLog)).as(Files.readString(runLog)).isZero();
    // Once hbgen run has ended, Snakemake runs the search (nothing is left to do).
    Engines.Result after = Engines.exec(tmp, 120, "snakemake", "--snakefile", root.resolve("Snakefile").toString(), "-j", "1");
    assertThat(after.code()).as(after.output()).isZero();
    assertThat(after.output()).contains("Nothing to be done");
  }

  @Test
  void hbgenRunIsRefusedWhileSnakemakeRunsTheSearchEvenWithoutSnakemakesLocks() throws Exception {
    Path log = tmp.resolve("snakemake.log");
    Process snakemake = snakemake(log, "--nolock");
    TestSearch.until(180, "Snakemake's first trainer", () -> calls() == 1);
    assertThat(root.resolve(".snakemake/locks")).as("--nolock: Snakemake's own locks").satisfiesAnyOf(
        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    Cli.Run refused = Cli.run("run", root.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("hbgen: " + root + ": Snakemake is using this search (it shares "
        + root.resolve(".hbgen-run.lock") + "); start hbgen run once it has finished, or stop it first\n");
    Cli.Run viaSnakemake = Cli.run("run", root.toString(), "--engine", "snakemake");
    assertThat(viaSnakemake.code()).isEqualTo(1);
    assertThat(viaSnakemake.err()).startsWith("hbgen: " + root + ": Snakemake is using this search (it shares ");
    assertThat(calls()).as("trainer calls: Snakemake's only").isEqualTo(1);

    Files.delete(hold);
    assertThat(Child.await(snakemake, 180, log)).as(Files.readString(log)).isZero();
    Cli.Run after = Cli.run("run", root.toString());
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).startsWith("Nothing to do");
  }

  @Test
  void hbgenRunWithTheSnakemakeEngineRunsItsSnakemakeAndKeepsOthersOut() throws Exception {
    Path runLog = tmp.resolve("run.log");
    Process run = Child.start(tmp, runLog, "run", root.toString(), "--engine", "snakemake", "-j", "1");
    TestSearch.until(180, "the first trainer of hbgen run's Snakemake", () -> calls() == 1);
    Engines.Result refused = Engines.exec(tmp, 120, "snakemake", "--snakefile", root.resolve("Snakefile").toString(),
        "-j", "1", "--nolock");
    assertThat(refused.code()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains(root + ": hbgen run is running on this search (pid " + run.pid() + ",");

    Files.delete(hold);
    assertThat(Child.await(run, 300, runLog)).as(Files.readString(runLog)).isZero();
    assertThat(root.resolve("best.yaml")).content().contains("found: true");
    assertThat(calls()).as("trainer calls: one per trial").isEqualTo(6);
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }
}
