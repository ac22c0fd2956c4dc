package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.search.SearchDir;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BestFilesTest {
  @TempDir Path tmp;
  private Path root;

  /** S_MAX 1, ETA 2: bracket 0 has stages of 2 (budget 1) and 1 (budget 2); bracket 1 has 2 (budget 2). */
  @BeforeEach
  void search() {
    root = TestSearch.generate(tmp.resolve("a"), "1", "2", "--trainer", "true", "--objective", "loss");
  }

  private void result(int b, int s, long c, String text) throws IOException {
    Path dir = root.resolve(new TrialId(b, s, c).path());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("result"), text, StandardCharsets.UTF_8);
    if (!Files.exists(dir.resolve("config"))) {
      Files.writeString(dir.resolve("config"), "{\"promoted\": true}\n\n");
    }
  }

  @Test
  void picksTheBestObjectiveAndOnTiesTheLargerBudget() throws IOException {
    result(0, 0, 0, "0.3\n");
    result(0, 0, 1, "{loss: 0.2, \"val loss\": .inf}\n");
    result(0, 1, 0, "loss: 0.20\n");
    result(1, 0, 0, "loss: 0.2\n");
    result(1, 0, 1, "nan\n");
    BestFiles.write(SearchDir.open(root));
    assertThat(Files.readString(root.resolve("best.yaml"))).startsWith("""
        # Best configuration of the search: the best objective among the trials at the largest budget that has a finished trial.
        found: true
        trial: bracket-0/stage-1/config-0
        bracket: 0
        stage: 1
        config_id: 0
        budget: 2
        objective: loss
        direction: minimize
        value: 0.20
        metrics:
          loss: 0.20
        config: |
          {"promoted": true}
        """);
    assertThat(Files.readString(root.resolve("config"))).isEqualTo("{\"promoted\": true}\n\n");
  }

  @Test
  void aLuckyLowBudgetTrialIsNotTheBestUnlessTheSearchAsksForAllTrials() throws IOException {
    result(0, 0, 0, "0.05\n");
    result(0, 1, 0, "0.3\n");
    result(1, 0, 0, "0.2\n");
    assertThat(BestFiles.write(SearchDir.open(root)).orElseThrow().id()).isEqualTo(new TrialId(1, 0, 0));
    assertThat(Files.readString(root.resolve("best.yaml"))).contains("trial: bracket-1/stage-0/config-0\n");

    Path all = TestSearch.generate(tmp.resolve("all"), "1", "2", "--trainer", "true", "--incumbent", "all");
    root = all;
    result(0, 0, 0, "0.05\n");
    result(0, 1, 0, "0.3\n");
    result(1, 0, 0, "0.2\n");
    assertThat(BestFiles.write(SearchDir.open(all)).orElseThrow().id()).isEqualTo(new TrialId(0, 0, 0));
    assertThat(Files.readString(all.resolve("best.yaml"))).startsWith(
        "# Best configuration of the search: the best objective over all finished trials, ties to the larger budget.\n"
        + "found: true\ntrial: bracket-0/stage-0/config-0\n");
  }

  @Test
  void aManifestWithoutTheRuleGetsTheTopBudgetRule() throws IOException {
    Path manifest = root.resolve("hbgen.yaml");
    Files.writeString(manifest, Files.readString(manifest).replaceAll("(?m)^incumbent: .*\n", ""));
    assertThat(SearchDir.open(root).incumbent()).isEqualTo(hbgen.trial.Incumbent.TOP_BUDGET);
    Files.writeString(manifest, Files.readString(manifest) + "incumbent: best\n");
    assertThatThrownBy(() -> SearchDir.open(root).incumbent())
        .hasMessage(manifest + ": incumbent: incumbent rule must be top-budget or all, was 'best'");
  }

  @Test
  void quotesAMetricNameThatIsNotPlain() throws IOException {
    result(0, 0, 0, "{loss: 0.1, \"val loss\": .inf}\n");
    BestFiles.write(SearchDir.open(root));
    assertThat(Files.readString(root.resolve("best.yaml"))).contains("metrics:\n  loss: 0.1\n  \"val loss\": .inf\n");
  }

  @Test
  void saysSoWhenNoTrialHasAUsableResult() throws IOException {
    result(0, 0, 0, "nan\n");
    BestFiles.write(SearchDir.open(root));
    assertThat(Files.readString(root.resolve("best.yaml")))
        .isEqualTo("# No trial of this search finished with a usable result.\nfound: false\n");
    assertThat(Files.readString(root.resolve("config"))).isEmpty();
  }
}
