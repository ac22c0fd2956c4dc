package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.results.SearchFixture;
import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class BestCommandTest {
  /** Reviewed outputs of {@code hbgen best}; regenerate with {@code -Dgolden.update=true} and review the diff. */
  static final Path GOLDEN = Path.of("src/test/resources/golden-best");

  @TempDir Path tmp;

  /** Compares {@code out}, with the search root shown as {@code my-search}, with the golden file {@code name}. */
  static void golden(String name, Path root, String out) throws IOException {
    String actual = out.replace(root.toString(), "my-search");
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
    }
    assertThat(file).as("golden copy %s exists (run with -Dgolden.update=true)", file).exists();
    assertThat(actual).isEqualTo(Files.readString(file));
  }

  static Map<String, Object> yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

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

  @Nested
  class ByAnotherMetric {
    /** A running search: three stage-0 trials of bracket 0 (budget 1) completed. */
    SearchFixture running(Path dir, String... extra) {
      return SearchFixture.create(dir, extra).complete("bracket-0/stage-0/config-4", 0.8, 0.3, "2026-01-01T00:00:00Z")
          .complete("bracket-0/stage-0/config-5", 0.6, 0.1, "2026-01-01T00:00:01Z")
          .complete("bracket-0/stage-0/config-6", 0.7, 0.2, "2026-01-01T00:00:02Z");
    }

    @Test
    void aRunningSearchIsRankedByTheMetricInTheGivenDirection() throws IOException {
      SearchFixture f = running(tmp);
      Cli.Run r = ok("best", f.root.toString(), "--metric", "loss", "--minimize");
      golden("metric-running.yaml", f.root, r.out());
      Map<String, Object> m = yaml(r.out());
      assertThat(m).containsEntry("final", false).containsEntry("trial", "bracket-0/stage-0/config-5")
          .containsEntry("objective", "loss").containsEntry("direction", "minimize").containsEntry("value", 0.1)
          .containsEntry("metrics", Map.of("accuracy", 0.6, "loss", 0.1));
      assertThat(r.err()).isEqualTo("hbgen: search still running: best so far (3 of 22 trials finished; 14 pending, "
          + "5 unfilled)\n");
    }

    @Test
    void withoutADirectionTheMetricIsRankedInTheSearchsDirection() {
      SearchFixture f = running(tmp);
      Map<String, Object> m = yaml(ok("best", f.root.toString(), "--metric", "loss").out());
      assertThat(m).containsEntry("trial", "bracket-0/stage-0/config-4").containsEntry("direction", "maximize")
          .containsEntry("value", 0.3);
      Map<String, Object> objective = yaml(ok("best", f.root.toString(), "--minimize").out());
      assertThat(objective).as("--minimize alone ranks the objective the other way")
          .containsEntry("trial", "bracket-0/stage-0/config-5").containsEntry("objective", "accuracy");
    }

    @Test
    void theIncumbentRuleOfTheSearchAppliesToTheMetric() {
      SearchFixture top = running(tmp.resolve("top")).complete("bracket-1/stage-0/config-0", 0.5, 0.9, "2026-01-01T00:00:03Z");
      assertThat(yaml(ok("best", top.root.toString(), "--metric", "loss", "--minimize").out()))
          .as("top-budget: the only trial at budget 3 wins").containsEntry("trial", "bracket-1/stage-0/config-0");
      SearchFixture all = running(tmp.resolve("all"), "--incumbent", "all")
          .complete("bracket-1/stage-0/config-0", 0.5, 0.9, "2026-01-01T00:00:03Z");
      Cli.Run r = ok("best", all.root.toString(), "--metric", "loss", "--minimize");
      assertThat(yaml(r.out())).as("all: the best loss over all trials").containsEntry("trial", "bracket-0/stage-0/config-5");
      assertThat(r.out()).startsWith("# Best configuration by loss (minimize) so far (4 of 22 trials finished; 13 pending, "
          + "5 unfilled): the best loss over all finished trials, ties to the larger budget.\n");
    }

    @Test
    void trialsWithoutTheMetricDoNotCountAndStandardErrorSaysHowMany() {
      SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-4", 0.8, 0.3, "2026-01-01T00:00:00Z")
          .start("bracket-0/stage-0/config-5", "2026-01-01T00:00:01Z")
          .write("bracket-0/stage-0/config-5/result", "{\"accuracy\": 0.9}\n");
      Cli.Run r = ok("best", f.root.toString(), "--metric", "loss", "--maximize");
      assertThat(yaml(r.out())).containsEntry("trial", "bracket-0/stage-0/config-4");
      assertThat(r.err()).startsWith("hbgen: 1 completed trial has no finite loss and does not count\n"
          + "hbgen: search still running: best so far (2 of 22");
      assertThat(yaml(ok("best", f.root.toString()).out())).containsEntry("trial", "bracket-0/stage-0/config-5");
    }

    @Test
    void aFinishedSearchIsRankedFromItsTrialsNotFromBestYaml() throws IOException {
      SearchFixture f = SearchFixture.finished(tmp).write("best.yaml", "found: true\ntrial: bracket-2/stage-0/config-1\n"
          + "bracket: 2\nstage: 0\nconfig_id: 1\nbudget: 9\nobjective: accuracy\ndirection: maximize\nvalue: 0.7\n"
          + "metrics:\n  accuracy: 0.7\n  loss: 0.5\nconfig: |\n  {\"lr\": 0.1}\n");
      Cli.Run r = ok("best", f.root.toString(), "--metric", "loss", "--minimize", "--format", "json");
      golden("metric-finished.json", f.root, r.out());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.get("final").booleanValue()).as("every trial has finished").isTrue();
      assertThat(j.get("trial").textValue()).isEqualTo("bracket-0/stage-2/config-0");
      assertThat(j.get("objective").textValue()).isEqualTo("loss");
      assertThat(j.get("value").doubleValue()).isEqualTo(0.05);
      assertThat(r.err()).isEmpty();
      golden("metric-finished.yaml", f.root, ok("best", f.root.toString(), "--metric", "loss", "--minimize").out());
      assertThat(yaml(ok("best", f.root.toString()).out())).as("without options: best.yaml's answer")
          .containsEntry("trial", "bracket-2/stage-0/config-1");
    }

    @Test
    void anUnknownMetricIsAUsageErrorNamingTheMetricsTheResultsHave() {
      SearchFixture f = running(tmp);
      Cli.Run r = Cli.run("best", f.root.toString(), "--metric", "val_loss");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("hbgen: --metric val_loss: no completed trial's result has this metric; "
          + "the results have accuracy, loss\n");
    }

    @Test
    void minimizeWithMaximizeAndAnUnknownAggregateAreUsageErrors() {
      SearchFixture f = running(tmp);
      Cli.Run both = Cli.run("best", f.root.toString(), "--metric", "loss", "--minimize", "--maximize");
      assertThat(both.code()).isEqualTo(2);
      assertThat(both.out()).isEmpty();
      assertThat(both.err()).isEqualTo("hbgen: --minimize and --maximize exclude each other\n");
      Cli.Run foo = Cli.run("best", f.root.toString(), "--aggregate", "foo");
      assertThat(foo.code()).isEqualTo(2);
      assertThat(foo.out()).isEmpty();
      assertThat(foo.err()).startsWith("hbgen: Invalid value for option '--aggregate': expected one of [NONE, MEAN]")
          .contains("but was 'foo'").endsWith("; see 'hbgen best --help'\n").hasLineCount(1);
    }

    @Test
    void onlyFailuresIsNoAnswerByAnyMetric() {
      SearchFixture f = SearchFixture.create(tmp).fail("bracket-0/stage-0/config-0", "2026-01-01T00:00:00Z");
      Cli.Run r = Cli.run("best", f.root.toString(), "--metric", "loss", "--minimize");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith("hbgen: " + f.root + ": no trial has a finite loss yet (1 failed) (1 of 22");
    }
  }

  /**
   * A grid search over lr (3 points, --trials 3, minimizing loss) whose luckiest trial (config-0,
   * lr 0.1, loss 0.05) is not on the best point by mean (lr 0.01: 0.3, 0.35 and 0.4).
   */
  @Nested
  class AggregateMean {
    static final String[] LOSSES = {"0.05", "0.9", "0.85", "0.3", "0.35", "0.4", "0.5", null, "0.45"};
    static final String[] ACCURACIES = {"0.95", "0.1", "0.15", "0.7", "0.65", "0.6", "0.5", null, "0.55"};

    Path grid() throws IOException {
      Path space = Files.writeString(tmp.resolve("grid.yaml"), "parameters:\n  lr: {choice: [0.1, 0.01, 0.001]}\n");
      Path root = tmp.resolve("grid");
      ok("grid", "-o", root.toString(), "--space", space.toString(), "--trainer", "python3 train.py", "--trials", "3",
          "--objective", "loss", "--random-seed", "5");
      return root;
    }

    /** Writes the results of the trials {@code configs} (null: failed). */
    Path finish(Path root, int... configs) throws IOException {
      for (int k : configs) {
        Path trial = root.resolve("bracket-0/stage-0/config-" + k);
        if (LOSSES[k] == null) {
          Files.writeString(trial.resolve("failed"), "time: 2026-01-01T00:00:00Z\nexit_code: 1\nreason: exit code 1\n"
              + "attempts: 1\n");
          Files.writeString(trial.resolve("result"), "nan\n");
        } else {
          Files.writeString(trial.resolve("result"), "{\"accuracy\": " + ACCURACIES[k] + ", \"loss\": " + LOSSES[k] + "}\n");
        }
      }
      return root;
    }

    @Test
    void theBestPointByMeanIsNotTheLuckiestTrial() throws IOException {
      Path root = finish(grid(), 0, 1, 2, 3, 4, 5, 6, 7, 8);
      assertThat(yaml(ok("best", root.toString()).out())).as("trial by trial: the luckiest seed")
          .containsEntry("trial", "bracket-0/stage-0/config-0").containsEntry("value", 0.05);
      Cli.Run r = ok("best", root.toString(), "--aggregate", "mean");
      golden("grid-mean.yaml", root, r.out());
      Map<String, Object> m = yaml(r.out());
      assertThat(m).containsEntry("final", true).containsEntry("aggregate", "mean").containsEntry("objective", "loss")
          .containsEntry("direction", "minimize").containsEntry("count", 3).containsEntry("failed", 0)
          .containsEntry("params", Map.of("folds", 1, "repetitions", 1, "lr", 0.01));
      assertThat((Double) m.get("mean")).isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-12));
      assertThat((Double) m.get("sd")).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(r.out()).contains("  - trial: bracket-0/stage-0/config-3\n", "  - trial: bracket-0/stage-0/config-4\n",
          "  - trial: bracket-0/stage-0/config-5\n");
      assertThat(r.err()).isEmpty();
    }

    @Test
    void aRunningGridCountsAFailedTrialInItsPointButNotInTheMean() throws IOException {
      Path root = finish(grid(), 6, 7);
      Cli.Run r = ok("best", root.toString(), "--aggregate", "mean", "--format", "json");
      golden("grid-running-mean.json", root, r.out());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.get("final").booleanValue()).isFalse();
      assertThat(j.get("mean").doubleValue()).isEqualTo(0.5);
      assertThat(j.get("sd").isNull()).as("one value has no sample sd").isTrue();
      assertThat(j.get("count").intValue()).isEqualTo(1);
      assertThat(j.get("failed").intValue()).isEqualTo(1);
      assertThat(j.get("trials").get(1).get("state").textValue()).isEqualTo("failed");
      assertThat(j.get("trials").get(1).get("value").isNull()).isTrue();
      assertThat(r.err()).isEqualTo("hbgen: search still running: best so far (2 of 9 trials finished; 7 pending)\n");
    }

    @Test
    void anotherMetricIsAveragedInTheSearchsDirectionUnlessOneIsGiven() throws IOException {
      Path root = finish(grid(), 0, 1, 2, 3, 4, 5, 6, 7, 8);
      Map<String, Object> minimized = yaml(ok("best", root.toString(), "--aggregate", "mean", "--metric", "accuracy").out());
      assertThat(minimized).containsEntry("direction", "minimize").containsEntry("objective", "accuracy")
          .containsEntry("params", Map.of("folds", 1, "repetitions", 1, "lr", 0.1));
      Map<String, Object> maximized = yaml(ok("best", root.toString(), "--aggregate", "mean", "--metric", "accuracy",
          "--maximize").out());
      assertThat(maximized).containsEntry("direction", "maximize")
          .containsEntry("params", Map.of("folds", 1, "repetitions", 1, "lr", 0.01));
      assertThat((Double) maximized.get("mean")).isCloseTo(0.65, org.assertj.core.api.Assertions.within(1e-12));
    }
  }
}
