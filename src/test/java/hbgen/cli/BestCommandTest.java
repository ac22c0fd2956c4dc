package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.results.SearchFixture;
import hbgen.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BestCommandTest {
  @TempDir Path tmp;

  @Test
  void whileTheSearchRunsItPrintsTheBestSoFarAndSaysSo() {
    SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-4", 0.8, 0.3, "2026-01-01T00:00:00Z")
        .complete("bracket-0/stage-0/config-5", 0.6, 0.3, "2026-01-01T00:00:01Z");
    Cli.Run r = Cli.run("best", f.root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("# Best configuration so far: 2 of 22 trials finished; 15 pending, 5 unfilled.")
        .contains("final: false\nfound: true\ntrial: bracket-0/stage-0/config-4\npath: "
            + f.root.resolve("bracket-0/stage-0/config-4/config") + "\n")
        .contains("value: 0.8\nmetrics:\n  accuracy: 0.8\n  loss: 0.3\nconfig: |\n  {\n");
    assertThat(r.err()).isEqualTo("hbgen: search still running: best so far (2 of 22 trials finished; 15 pending, 5 unfilled)\n");
  }

  @Test
  void afterTheSearchItIsTheAnswerOfBestYaml() {
    SearchFixture f = SearchFixture.finished(tmp).write("best.yaml", "found: true\ntrial: bracket-0/stage-2/config-0\n"
        + "bracket: 0\nstage: 2\nconfig_id: 0\nbudget: 9\nobjective: accuracy\ndirection: maximize\nvalue: 0.97\n"
        + "metrics:\n  accuracy: 0.97\n  loss: 0.05\nconfig: |\n  {\"lr\": 0.5}\n");
    Cli.Run r = Cli.run("best", f.root.toString(), "--format", "json");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("{\n  \"final\": true,\n  \"found\": true,\n  \"trial\": \"bracket-0/stage-2/config-0\",")
        .contains("\"params\": {\n    \"lr\": 0.5\n  },");
  }

  @Test
  void everyTrialFinishedButNoBestYamlIsStillTheBestSoFar() {
    Cli.Run r = Cli.run("best", SearchFixture.finished(tmp).root.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("trial: bracket-0/stage-2/config-0\n");
    assertThat(r.err()).isEqualTo("hbgen: every trial has finished, but best.yaml is not written yet: best so far\n");
  }

  @Test
  void anEmptySearchHasNoAnswerAndExitsOne() {
    SearchFixture f = SearchFixture.create(tmp);
    Cli.Run r = Cli.run("best", f.root.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("hbgen: " + f.root + ": no trial has finished yet (0 of 22 trials finished; "
        + "17 pending, 5 unfilled)\n");
  }

  @Test
  void onlyFailuresIsNoAnswerEither() {
    SearchFixture f = SearchFixture.create(tmp).fail("bracket-0/stage-0/config-0", "2026-01-01T00:00:00Z");
    Cli.Run r = Cli.run("best", f.root.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("hbgen: " + f.root + ": no trial has a usable result yet (1 failed) (1 of 22");
  }
}
