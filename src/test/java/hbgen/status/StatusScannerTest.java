package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StatusScannerTest {
  @TempDir Path tmp;

  private static TrialSnapshot trial(SearchStatus s, int bracket, int stage, int config) {
    return s.brackets().get(bracket).stages().get(stage).trials().get(config);
  }

  private static String symbols(SearchStatus s, int bracket, int stage) {
    StringBuilder out = new StringBuilder();
    for (TrialSnapshot t : s.brackets().get(bracket).stages().get(stage).trials()) {
      out.append(Palette.symbol(t.state()));
    }
    return out.toString();
  }

  /** One trial in every state the issue names, in bracket 0's first stage. */
  static SearchFixture everyState(Path dir) {
    return SearchFixture.generate(dir)
        .completed("bracket-0/stage-0/config-0", "0.91")
        .completed("bracket-0/stage-0/config-1", "0.85")
        .failedWithExitCode("bracket-0/stage-0/config-2", 3)
        .failedWithNan("bracket-0/stage-0/config-3")
        .running("bracket-0/stage-0/config-4")
        .interrupted("bracket-0/stage-0/config-5")
        .completed("bracket-0/stage-0/config-7", "0.95");
  }

  @Test
  void every_state_gets_its_symbol_and_is_counted() {
    SearchStatus s = everyState(tmp.resolve("s")).scan();

    assertThat(symbols(s, 0, 0)).isEqualTo("CCFFRX.C.");
    assertThat(symbols(s, 0, 1)).isEqualTo("___");
    assertThat(symbols(s, 0, 2)).isEqualTo("_");
    assertThat(symbols(s, 1, 0)).isEqualTo(".....");
    assertThat(s.brackets().get(0).stages().get(0).counts().asMap()).containsExactly(
        entry("completed", 3), entry("failed", 2), entry("skipped", 0), entry("running", 1), entry("unverified", 0),
        entry("interrupted", 1), entry("pending", 2), entry("unproposed", 0), entry("unfilled", 0));
    Counts all = s.counts();
    assertThat(all.total()).isEqualTo(22);
    assertThat(all.finished()).isEqualTo(5);
    assertThat(all.get(TrialState.UNFILLED)).isEqualTo(4 + 1);
    assertThat(all.get(TrialState.PENDING)).isEqualTo(2 + 5 + 3);
    assertThat(s.finished()).isFalse();
  }

  private static java.util.Map.Entry<String, Long> entry(String k, long v) {
    return java.util.Map.entry(k, v);
  }

  @Test
  void failures_keep_their_reason_and_launchers_are_named() {
    SearchStatus s = everyState(tmp.resolve("s")).scan();

    assertThat(trial(s, 0, 0, 2).reason()).isEqualTo("exit code 3");
    assertThat(trial(s, 0, 0, 3).reason()).isEqualTo("objective is nan");
    assertThat(trial(s, 0, 0, 4).launcher())
        .isEqualTo("pid " + ProcessHandle.current().pid() + " on " + SearchFixture.hostname());
    assertThat(trial(s, 0, 0, 5).reason()).startsWith("its launcher (pid ").endsWith(") is gone");
    assertThat(trial(s, 0, 0, 0).objective()).isEqualTo(0.91);
    assertThat(trial(s, 0, 0, 0).durationSeconds()).isEqualTo(4);
  }

  @Test
  void the_best_and_the_budget_follow_the_manifest_s_direction_and_plan() {
    SearchStatus s = everyState(tmp.resolve("s")).scan();

    assertThat(s.best()).map(TrialSnapshot::path).contains("bracket-0/stage-0/config-7");
    assertThat(s.brackets().get(0).top(2, s.direction())).extracting(TrialSnapshot::path)
        .containsExactly("bracket-0/stage-0/config-7", "bracket-0/stage-0/config-0");
    assertThat(s.budgetPlanned()).isEqualTo(78.0);
    assertThat(s.budgetSpent()).isEqualTo(5.0);
    assertThat(s.costUnit()).isEqualTo(1.0);
  }

  @Test
  void a_promoted_stage_shows_pending_slots_and_a_shortfall_shows_skipped_ones() {
    SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
    for (int k = 0; k < 9; k++) {
      if (k < 2) {
        f.completed("bracket-0/stage-0/config-" + k, "0.9" + k);
      } else {
        f.failedWithExitCode("bracket-0/stage-0/config-" + k, 1);
      }
    }
    f.promoted(0, 1, "bracket-0/stage-0/config-1", "bracket-0/stage-0/config-0");
    SearchStatus before = f.scan();
    assertThat(symbols(before, 0, 1)).isEqualTo("..S");
    assertThat(trial(before, 0, 1, 2).reason()).contains("too few finished trials");

    f.skipped("bracket-0/stage-1/config-2");
    assertThat(symbols(f.scan(), 0, 1)).isEqualTo("..S");
  }

  @Test
  void a_search_whose_every_slot_has_a_result_is_finished() {
    SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
    SearchStatus s = f.scan();
    for (BracketStatus b : s.brackets()) {
      for (StageStatus st : b.stages()) {
        if (st.stage().index() > 0) {
          String[] parents = new String[(int) st.stage().configs()];
          for (int k = 0; k < parents.length; k++) {
            parents[k] = "bracket-" + b.index() + "/stage-" + (st.stage().index() - 1) + "/config-" + k;
          }
          f.promoted(b.index(), st.stage().index(), parents);
        }
        for (int k = 0; k < st.stage().configs(); k++) {
          f.completed("bracket-" + b.index() + "/stage-" + st.stage().index() + "/config-" + k, "0.5");
        }
      }
    }
    SearchStatus done = f.scan();
    assertThat(done.finished()).isTrue();
    assertThat(done.counts().get(TrialState.COMPLETED)).isEqualTo(22);
    assertThat(done.estimate()).hasValueSatisfying(e -> assertThat(e.secondsLeft()).isZero());
  }

  @Nested
  class TheFilesOutrankTheLedger {
    @Test
    void a_result_removed_for_a_rerun_makes_the_trial_pending_again() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s")).completed("bracket-0/stage-0/config-0", "0.9");
      Files.delete(f.dir("bracket-0/stage-0/config-0").resolve("result"));
      Files.delete(f.dir("bracket-0/stage-0/config-0").resolve("started"));

      assertThat(trial(f.scan(), 0, 0, 0).state()).isEqualTo(TrialState.PENDING);
    }

    @Test
    void a_result_rewritten_after_its_ledger_line_is_read_from_the_file() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s")).completed("bracket-0/stage-0/config-0", "0.9");
      Path result = f.dir("bracket-0/stage-0/config-0").resolve("result");
      Files.writeString(result, "{accuracy: 0.25}\n");
      Files.setLastModifiedTime(result, FileTime.from(Instant.now().plusSeconds(60)));

      assertThat(trial(f.scan(), 0, 0, 0).objective()).isEqualTo(0.25);
    }

    @Test
    void a_trial_without_a_ledger_line_is_read_from_its_result() {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"))
          .write("bracket-0/stage-0/config-0", "result", "# from another engine\naccuracy: 0.75\nloss: 0.1\n");

      TrialSnapshot t = trial(f.scan(), 0, 0, 0);
      assertThat(t.state()).isEqualTo(TrialState.COMPLETED);
      assertThat(t.objective()).isEqualTo(0.75);
      assertThat(t.durationSeconds()).isEqualTo(-1);
    }

    @Test
    void a_ledger_line_with_a_later_rerun_line_takes_the_last_one() {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"))
          .completed("bracket-0/stage-0/config-0", "0.9")
          .ledger("bracket-0/stage-0/config-0", "completed", "0.97", 9, "{}", "");

      assertThat(trial(f.scan(), 0, 0, 0).objective()).isEqualTo(0.97);
    }
  }

  @Nested
  class BrokenFiles {
    @Test
    void a_truncated_result_is_a_failure_with_the_parser_s_reason() {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"))
          .write("bracket-0/stage-0/config-0", "result", "{accuracy: 0.9, lo");

      TrialSnapshot t = trial(f.scan(), 0, 0, 0);
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.reason())
          .isEqualTo("result: unparseable result entry '{accuracy: 0.9' (expected one number, or name: number pairs)");
    }

    @Test
    void an_empty_result_and_a_result_without_the_objective_are_failures() {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"))
          .write("bracket-0/stage-0/config-0", "result", "")
          .write("bracket-0/stage-0/config-1", "result", "{loss: 0.3}\n");

      SearchStatus s = f.scan();
      assertThat(trial(s, 0, 0, 0).reason()).isEqualTo("result: empty result");
      assertThat(trial(s, 0, 0, 1).reason()).isEqualTo("result: result has no metric 'accuracy' (it has [loss])");
    }

    @Test
    void an_unreadable_result_is_a_failure_that_says_so() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
      // A directory where the file should be cannot be read, even by root.
      Files.createDirectories(f.dir("bracket-0/stage-0/config-0").resolve("result"));

      TrialSnapshot t = trial(f.scan(), 0, 0, 0);
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.reason()).startsWith("result cannot be read: ");
    }

    @Test
    void a_result_of_binary_bytes_is_an_unparseable_failure_that_says_so() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
      Files.write(f.dir("bracket-0/stage-0/config-0").resolve("result"), new byte[] {(byte) 0xff, (byte) 0xfe, '1'});

      TrialSnapshot t = trial(f.scan(), 0, 0, 0);
      assertThat(t.reason()).startsWith("result: unparseable result entry");
      assertThat(t.kind()).isEqualTo(hbgen.trial.FailureKind.UNPARSEABLE);
    }

    @Test
    void an_unreadable_started_marker_leaves_the_trial_unverified_with_a_reason() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
      Files.createDirectories(f.dir("bracket-0/stage-0/config-0").resolve("started"));

      TrialSnapshot t = trial(f.scan(), 0, 0, 0);
      assertThat(t.state()).isEqualTo(TrialState.UNVERIFIED);
      assertThat(t.reason()).startsWith("started, but started cannot be read");
    }

    @Test
    void a_missing_stage_0_directory_is_pending_with_a_reason() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
      hbgen.search.AtomicFiles.deleteTree(f.dir("bracket-2/stage-0/config-1"));

      TrialSnapshot t = trial(f.scan(), 2, 0, 1);
      assertThat(t.state()).isEqualTo(TrialState.PENDING);
      assertThat(t.reason()).startsWith("its directory is missing");
    }

    @Test
    void a_ledger_with_malformed_lines_is_used_and_warned_about() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s")).completed("bracket-0/stage-0/config-0", "0.9");
      Files.writeString(f.root.resolve("results.tsv"), "garbage line\n", java.nio.file.StandardOpenOption.APPEND);

      SearchStatus s = f.scan();
      assertThat(trial(s, 0, 0, 0).objective()).isEqualTo(0.9);
      assertThat(s.warnings()).containsExactly("results.tsv: 1 malformed line ignored (first: line 3)");
    }

    @Test
    void an_unreadable_ledger_is_a_warning_and_the_trial_files_still_decide() throws IOException {
      SearchFixture f = SearchFixture.generate(tmp.resolve("s")).completed("bracket-0/stage-0/config-0", "0.9");
      Files.delete(f.root.resolve("results.tsv"));
      Files.createDirectory(f.root.resolve("results.tsv"));

      SearchStatus s = f.scan();
      assertThat(trial(s, 0, 0, 0).objective()).isEqualTo(0.9);
      assertThat(s.warnings()).singleElement().asString().startsWith("results.tsv: cannot read: ");
    }
  }

  @Test
  void trials_started_on_another_host_without_slurm_are_unverified() {
    SearchFixture f = SearchFixture.generate(tmp.resolve("s"))
        .started("bracket-0/stage-0/config-0", 4242, "some-other-node", "");

    TrialSnapshot t = trial(f.scan(), 0, 0, 0);
    assertThat(t.state()).isEqualTo(TrialState.UNVERIFIED);
    assertThat(t.reason()).contains("some-other-node");
    assertThat(List.of(t.launcher())).containsExactly("pid 4242 on some-other-node");
  }
}
