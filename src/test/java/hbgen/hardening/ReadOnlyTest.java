package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only directories (a read-only bind mount as root, which ignores permission bits; no write
 * permission otherwise): generate, run and report fail with exit 1 and one line naming the path and
 * the system's reason, and write nothing half. A run whose trial directories are read-only still
 * runs the other brackets, records nothing for the trials it could not run, and completes once
 * they are writable again.
 */
class ReadOnlyTest {
  @TempDir Path tmp;

  private final Mounts mounts = new Mounts();

  @AfterEach
  void restore() throws Exception {
    mounts.close();
  }

  @Test
  void generateIntoAReadOnlyDirectoryWritesNothing() throws Exception {
    Path parent = Files.createDirectories(tmp.resolve("parent"));
    mounts.readOnly(parent);
    Path target = parent.resolve("s");
    Cli.Run r = Cli.run("generate", "2", "3", "-o", target.toString(), "--trainer", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(FullDiskTest.failure(r)).isEqualTo("hbgen: " + target + ": cannot write the search: "
        + Mounts.readOnlyReason());
    assertThat(FullDiskTest.names(parent)).isEmpty();
  }

  @Test
  void reportIntoAReadOnlyDirectoryWritesNoReport() throws Exception {
    Path search = FullDiskTest.finishedSearch(tmp.resolve("s"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    mounts.readOnly(out);
    Path report = out.resolve("report.html");
    Cli.Run r = Cli.run("report", search.toString(), "-o", report.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(FullDiskTest.failure(r)).isEqualTo("hbgen: " + report + ": cannot write: " + Mounts.readOnlyReason());
    assertThat(FullDiskTest.names(out)).isEmpty();
  }

  @Test
  void aRunWithReadOnlyTrialDirectoriesRunsTheRestRecordsNothingForThemAndCompletesLater() throws Exception {
    Path trainerDir = tmp.resolve("trainer");
    String trainer = TestSearch.trainer(trainerDir, "train.sh", """
        #!/usr/bin/env bash
        echo "$HB_BRACKET/$HB_STAGE/$HB_CONFIG_ID" >> "$(dirname "$0")/calls"
        echo "0.$(( HB_SEED % 997 ))" > "$HB_RESULT"
        """);
    Path root = TestSearch.generate(tmp.resolve("s"), "2", "3", "--trainer", trainer);
    Path bracket0 = root.resolve("bracket-0");
    mounts.readOnly(bracket0);
    Cli.Run r = Cli.run("run", root.toString(), "-j", "2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(FullDiskTest.failure(r)).startsWith("hbgen: 9 trials could not run, so ")
        .contains("; first: bracket-0/stage-0/config-0: cannot start run.sh: " + Mounts.readOnlyReason()
            + " (" + root.toAbsolutePath().resolve("bracket-0/stage-0/config-0/log") + ")")
        .endsWith("; fix it and run 'hbgen run " + root + "' again");

    Set<String> finished = FullDiskTest.assertResultsWholeAndLedgerTrue(root);
    assertThat(finished).as("trials with a result").isNotEmpty().allMatch(t -> !t.startsWith("bracket-0/"));
    SearchDir search = SearchDir.open(root);
    for (TrialId id : search.trials()) {
      if (id.bracket() != 0) {
        assertThat(finished).as("the other brackets ran to their end").contains(id.path());
      }
    }
    assertThat(root.resolve("best.yaml")).doesNotExist();

    mounts.close();
    Cli.Run again = Cli.run("run", root.toString(), "-j", "2");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(FullDiskTest.assertResultsWholeAndLedgerTrue(root)).hasSize(search.trials().size());
    assertThat(TestSearch.count(trainerDir.resolve("calls"), "").values()).as("trainer calls per trial").containsOnly(1);
    assertThat(root.resolve("best.yaml")).content().contains("found: true");
  }
}
