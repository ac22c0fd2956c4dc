package hbgen.hardening;

import hbgen.search.Layout;
import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.search.SearchWriter;
import hbgen.testing.Cli;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (a tmpfs of 256 KiB): every command fails with exit 1 and one line naming the path
 * and "no space left on device", without a stack trace, and leaves nothing half-written that a
 * reader would take for a search, a result or a report. A run whose disk fills up records no
 * trial as finished that has no result, and runs again to the end once there is space.
 */
@org.junit.jupiter.api.Tag("root")
class FullDiskTest {
  @TempDir Path tmp;

  private final Mounts mounts = new Mounts();

  @AfterEach
  void unmount() throws Exception {
    mounts.close();
  }

  /** The one line hbgen printed for the failure; the progress lines of hbgen run aside. */
  static String failure(Cli.Run r) {
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    List<String> lines = r.err().lines().filter(l -> l.startsWith("hbgen: ")).toList();
    assertThat(lines).as(r.err()).hasSize(1);
    return lines.get(0);
  }

  @Test
  void generateOnAFullDiskWritesNothing() throws Exception {
    Path disk = mounts.tmpfs(tmp.resolve("disk"), "256k");
    Mounts.fill(disk.resolve("filler"));
    Path target = disk.resolve("s");
    Cli.Run r = Cli.run("generate", "2", "3", "-o", target.toString(), "--trainer", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(failure(r)).isEqualTo("hbgen: " + target + ": cannot write the search: no space left on device");
    assertThat(names(disk)).containsExactly("filler");
  }

  @Test
  void generateOfASearchLargerThanTheDiskWritesNothing() throws Exception {
    Path disk = mounts.tmpfs(tmp.resolve("disk"), "256k");
    Path target = disk.resolve("s");
    // about a megabyte of configurations and files: the disk fills up in the middle of the search
    Cli.Run r = Cli.run("generate", "5", "3", "-o", target.toString(), "--trainer", "true");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(failure(r)).startsWith("hbgen: ").contains(target.getFileName().toString())
        .endsWith(": no space left on device");
    assertThat(names(disk)).isEmpty();
  }

  @Test
  void reportOnAFullDiskWritesNoReport() throws Exception {
    Path search = finishedSearch(tmp.resolve("s"));
    Path disk = mounts.tmpfs(tmp.resolve("disk"), "256k");
    Mounts.fill(disk.resolve("filler"));
    Path report = disk.resolve("report.html");
    Cli.Run r = Cli.run("report", search.toString(), "-o", report.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(failure(r)).isEqualTo("hbgen: " + report + ": cannot write: no space left on device");
    assertThat(names(disk)).containsExactly("filler");
  }

  @Test
  void runOnAFullDiskStopsAtItsLockAndWritesNothingElse() throws Exception {
    Path disk = mounts.tmpfs(tmp.resolve("disk"), "256k");
    Path root = TestSearch.generate(disk.resolve("s"), "1", "3", "--trainer", "true");
    Map<String, String> before = KillGenerateTest.files(root);
    Mounts.fill(disk.resolve("filler"));
    Cli.Run r = Cli.run("run", root.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(failure(r)).isEqualTo("hbgen: " + root.resolve(".hbgen-run.lock")
        + ": cannot lock the search: no space left on device");
    Map<String, String> after = KillGenerateTest.files(root);
    assertThat(after.remove(".hbgen-run.lock")).as("the lock file, created empty").isEmpty();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aRunWhoseDiskFillsUpRecordsNoTrialWithoutItsResultAndResumesOnceThereIsSpace() throws Exception {
    // room for the search and its trials' files (tmpfs gives every file at least a 4 KiB page)
    Path disk = mounts.tmpfs(tmp.resolve("disk"), "1m");
    Path trainerDir = tmp.resolve("trainer");
    // The fourth trial fills the disk (once), as a trainer writing a large checkpoint would.
    String trainer = TestSearch.trainer(trainerDir, "train.sh", """
        #!/usr/bin/env bash
        echo "$HB_BRACKET/$HB_STAGE/$HB_CONFIG_ID" >> "%s/calls"
        if [[ $HB_BRACKET/$HB_STAGE/$HB_CONFIG_ID == 0/0/3 && ! -e %s/filled ]]; then
          touch %s/filled
          head -c 2000000 /dev/zero > "$HB_ROOT/../filler"
        fi
        echo "0.$(( HB_SEED %% 997 ))" > "$HB_RESULT"
        """.formatted(trainerDir, trainerDir, trainerDir));
    Path root = TestSearch.generate(disk.resolve("s"), "2", "3", "--trainer", trainer);
    Cli.Run r = Cli.run("run", root.toString(), "-j", "1");
    assertThat(r.code()).isEqualTo(1);
    String line = failure(r);
    assertThat(line).startsWith("hbgen: ").contains("trials could not run")
        .contains("first: bracket-0/stage-0/config-3: run.sh exited with code 2 without a result: ")
        .containsIgnoringCase("no space left on device")
        .contains("fix it and run 'hbgen run " + root + "' again");

    Set<String> finished = assertResultsWholeAndLedgerTrue(root);
    assertThat(finished).as("trials that finished before the disk filled up")
        .containsExactly("bracket-0/stage-0/config-0", "bracket-0/stage-0/config-1", "bracket-0/stage-0/config-2");
    Map<String, Integer> callsBefore = TestSearch.count(trainerDir.resolve("calls"), "");

    Files.delete(disk.resolve("filler"));
    Cli.Run again = Cli.run("run", root.toString(), "-j", "2");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(assertResultsWholeAndLedgerTrue(root)).hasSize(SearchDir.open(root).trials().size());
    Map<String, Integer> calls = TestSearch.count(trainerDir.resolve("calls"), "");
    for (String trial : finished) {
      TrialId id = Layout.parseTrial(trial);
      String key = id.bracket() + "/" + id.stage() + "/" + id.config();
      assertThat(calls.get(key)).as("trainer calls of %s, finished before the disk filled up", trial)
          .isEqualTo(callsBefore.get(key)).isEqualTo(1);
    }
    assertThat(root.resolve("best.yaml")).content().contains("found: true");
  }

  /**
   * A ledger line cut short by a full disk (part of a line, no newline) stays one malformed line:
   * the next run ends it before its launchers append, so their lines stay whole.
   */
  @Test
  void aLedgerLineCutByAFullDiskDoesNotSwallowTheNextLines() throws Exception {
    Path root = TestSearch.generate(tmp.resolve("s"), "1", "3", "--objective", "loss", "--trainer",
        TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC));
    String torn = "2026-01-01T00:00:00Z\tbracket-0/stage-0/config-0\tcompl";
    Files.writeString(root.resolve("results.tsv"), torn, java.nio.file.StandardOpenOption.APPEND);
    Cli.Run r = Cli.run("run", root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(root.resolve("results.tsv"));
    assertThat(lines.get(1)).isEqualTo(torn);
    SearchDir search = SearchDir.open(root);
    long ran = search.trials().stream().filter(id -> !Files.exists(search.dir(id).resolve("skipped"))).count();
    assertThat(lines.subList(2, lines.size())).as("one whole line per trial that ran").hasSize((int) ran)
        .allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(11));
  }

  /**
   * Every {@code result} parses (one number, or nan for a failed trial) and every ledger line is
   * whole and names a trial that has its result; returns the trials with a result.
   */
  static Set<String> assertResultsWholeAndLedgerTrue(Path root) throws IOException {
    String ledger = Files.readString(root.resolve("results.tsv"));
    SearchDir search = SearchDir.open(root);
    Set<String> finished = new TreeSet<>();
    for (TrialId id : search.trials()) {
      Path result = search.dir(id).resolve("result");
      if (Files.exists(result)) {
        assertThat(ResultFormat.parse(Files.readString(result)).single()).as("result of %s", id.path()).isNotNull();
        finished.add(id.path());
      }
    }
    assertThat(ledger).startsWith(SearchWriter.LEDGER_HEADER);
    for (String l : ledger.substring(SearchWriter.LEDGER_HEADER.length()).lines().toList()) {
      String[] f = l.split("\t", -1);
      assertThat(f).as("ledger line %s", l).hasSize(11);
      assertThat(finished).as("a trial the ledger lists as %s has its result", f[2]).contains(f[1]);
    }
    return finished;
  }

  static Path finishedSearch(Path dir) throws Exception {
    // --objective: the trainer's results are maps of two metrics; some trial must have a usable result (exit 0)
    Path root = TestSearch.generate(dir, "1", "3", "--objective", "loss", "--trainer",
        TestSearch.trainer(dir.resolveSibling("trainer"), "train.sh", TestSearch.DETERMINISTIC));
    Cli.Run r = Cli.run("run", root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return root;
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
