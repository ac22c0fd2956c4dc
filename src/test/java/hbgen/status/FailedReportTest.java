package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.TrialFiles;
import hbgen.trial.FailureKind;
import hbgen.trial.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailedReportTest {
  @TempDir Path tmp;

  @Test
  void failed_and_interrupted_trials_come_with_reason_kind_and_log_lines() {
    SearchFixture f = StatusScannerTest.everyState(tmp.resolve("s"));
    SearchStatus s = f.scan();
    FailedReport r = FailedReport.of(s, f.root);

    assertThat(r.items()).extracting(i -> i.trial().path(), FailedReport.Item::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("bracket-0/stage-0/config-2", FailureKind.EXIT_CODE),
        org.assertj.core.groups.Tuple.tuple("bracket-0/stage-0/config-3", FailureKind.NAN_OBJECTIVE),
        org.assertj.core.groups.Tuple.tuple("bracket-0/stage-0/config-5", FailureKind.INTERRUPTED));
    assertThat(r.items().get(0).lastLogLines()).containsExactly("Traceback (most recent call last):", "ValueError: boom");
    assertThat(r.items().get(0).exitCode()).isEqualTo(3);
    assertThat(r.items().get(2).lastLogLines()).containsExactly("epoch 1", "epoch 2");
    assertThat(r.toRemove()).containsExactly("bracket-0/stage-0/config-2/result", "bracket-0/stage-0/config-3/result");

    String text = r.text(s, Palette.NONE);
    String root = f.root.toString();
    assertThat(text).startsWith("Search s: 2 failed trials, 1 interrupted (1 exit code, 1 nan objective, 1 interrupted)\n")
        .contains("\nF bracket-0/stage-0/config-2  failed: exit code 3 (1 attempt)\n    last log lines:\n"
            + "    | Traceback (most recent call last):\n    | ValueError: boom\n")
        .contains("\nX bracket-0/stage-0/config-5  interrupted: its launcher (pid ")
        .contains("  hbgen rerun " + root + " --failed\n")
        .contains("  snakemake --snakefile " + root + "/Snakefile -j 4      (or: hbgen run " + root + ")\n")
        .contains("Nothing that ran after them reruns: their stages' promotions have not run yet.\n");
  }

  @Test
  void a_rerun_names_the_promotions_and_trials_downstream_that_run_again() throws IOException {
    SearchFixture f = SearchFixture.generate(tmp.resolve("s"));
    for (int k = 0; k < 9; k++) {
      if (k == 4) {
        f.failed("bracket-0/stage-0/config-4", 137, "exit code 137", List.of("Killed"));
      } else {
        f.completed("bracket-0/stage-0/config-" + k, "0.5" + k);
      }
    }
    f.promoted(0, 1, "bracket-0/stage-0/config-8", "bracket-0/stage-0/config-7", "bracket-0/stage-0/config-6");
    for (int k = 0; k < 3; k++) {
      f.completed("bracket-0/stage-1/config-" + k, "0.6" + k);
    }
    f.promoted(0, 2, "bracket-0/stage-1/config-2");
    f.running("bracket-0/stage-2/config-0");
    Files.writeString(f.root.resolve("best.yaml"), "found: false\n");
    SearchStatus s = f.scan();
    FailedReport r = FailedReport.of(s, f.root);

    assertThat(r.downstream()).containsExactly(new FailedReport.Downstream(0, List.of(1, 2), 3));
    assertThat(r.text(s, Palette.NONE))
        .contains("failed: exit code 137 (killed by SIGKILL) (1 attempt)")
        .contains("hbgen rerun makes this run again too, because it depends on them:\n"
            + "  bracket 0: the promotion into stage 1, the promotion into stage 2, and 3 finished trials of stages 1-2\n"
            + "  best.yaml and config (the overall best)\n");
  }

  @Test
  void the_json_lists_the_trials_and_the_rerun() {
    SearchFixture f = StatusScannerTest.everyState(tmp.resolve("s"));
    SearchStatus s = f.scan();

    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) new Yaml().load(FailedReport.of(s, f.root).json(s));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> failed = (List<Map<String, Object>>) doc.get("failed");
    assertThat(failed).extracting(m -> m.get("kind")).containsExactly("exit_code", "nan_objective", "interrupted");
    assertThat(failed.get(0)).containsEntry("exit_code", 3).containsEntry("attempts", 1).containsEntry("state", "failed")
        .containsEntry("last_log_lines", List.of("Traceback (most recent call last):", "ValueError: boom"));
    @SuppressWarnings("unchecked")
    Map<String, Object> rerun = (Map<String, Object>) doc.get("rerun");
    assertThat(rerun).containsEntry("trials", List.of("bracket-0/stage-0/config-2", "bracket-0/stage-0/config-3",
        "bracket-0/stage-0/config-5")).containsEntry("command", "hbgen rerun " + f.root + " --failed")
        .containsEntry("best", false);
  }

  @Test
  void a_search_without_failures_has_nothing_to_rerun() {
    SearchFixture f = SearchFixture.generate(tmp.resolve("s")).completed("bracket-0/stage-0/config-0", "0.5");
    SearchStatus s = f.scan();

    assertThat(FailedReport.of(s, f.root).text(s, Palette.NONE))
        .isEqualTo("Search s: 0 failed trials, 0 interrupted; nothing to rerun\n");
    assertThat(s.counts().get(TrialState.FAILED)).isZero();
  }

  @Test
  void the_tail_of_a_long_log_is_its_last_whole_lines() throws IOException {
    Path log = tmp.resolve("log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(log, text + "\n\n");

    assertThat(TrialFiles.logTail(log, 3)).containsExactly("line 4997", "line 4998", "line 4999");
    assertThat(TrialFiles.logTail(tmp.resolve("missing"), 3)).isEmpty();
  }
}
