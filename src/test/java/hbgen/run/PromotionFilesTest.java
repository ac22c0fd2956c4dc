package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.Schedule.StageRef;
import hbgen.search.SearchDir;
import hbgen.trial.Promotion;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionFilesTest {
  @TempDir Path tmp;
  private Path root;

  /** Bracket 0 of S_MAX 2, ETA 3 has 9 trials in stage 0 and 3 slots in stage 1. */
  @BeforeEach
  void search() throws IOException {
    root = TestSearch.generate(tmp.resolve("a"), "2", "3", "--objective", "accuracy", "--maximize", "--trainer", "true");
    result(0, "accuracy: 0.5\nloss: 2\n");
    result(1, "nan\n");
    Files.writeString(trial(1).resolve("failed"), "reason: 'exit code 3'\n");
    result(2, "{accuracy: 0.90, loss: 1}\r\n");
    result(3, "0.7\n");
    result(4, "accuracy: inf\n");
    result(5, "accuracy: 0.5\n");
    result(7, "garbage\n");
    result(8, "accuracy: -0.0\n");
    Files.writeString(trial(2).resolve("config"), "{\"seed\": 2}\r\n");
  }

  private Path trial(long c) {
    return root.resolve(new TrialId(0, 0, c).path());
  }

  private void result(long c, String text) throws IOException {
    Files.writeString(trial(c).resolve("result"), text, StandardCharsets.UTF_8);
  }

  @Test
  void writesTheRankingBestFirstWithFailedAndMissingLast() throws IOException {
    PromotionFiles.promote(SearchDir.open(root), new StageRef(0, 1));
    assertThat(Files.readString(root.resolve("bracket-0/stage-1/promotion.yaml"))).isEqualTo("""
        # Promotion into bracket 0, stage 1: best first; failed trials are never promoted.
        bracket: 0
        stage: 1
        objective: accuracy
        direction: maximize
        slots: 3
        promoted: 3
        shortfall: 0
        ranking:
        - {trial: bracket-0/stage-0/config-2, value: 0.90, promoted_to: bracket-0/stage-1/config-0}
        - {trial: bracket-0/stage-0/config-3, value: 0.7, promoted_to: bracket-0/stage-1/config-1}
        - {trial: bracket-0/stage-0/config-0, value: 0.5, promoted_to: bracket-0/stage-1/config-2}
        - {trial: bracket-0/stage-0/config-5, value: 0.5, promoted_to: null}
        - {trial: bracket-0/stage-0/config-8, value: -0.0, promoted_to: null}
        - {trial: bracket-0/stage-0/config-1, value: .nan, promoted_to: null}
        - {trial: bracket-0/stage-0/config-4, value: .nan, promoted_to: null}
        - {trial: bracket-0/stage-0/config-6, value: .nan, promoted_to: null}
        - {trial: bracket-0/stage-0/config-7, value: .nan, promoted_to: null}
        """);
  }

  @Test
  void copiesTheParentsConfigAndNamesTheParent() throws IOException {
    PromotionFiles.promote(SearchDir.open(root), new StageRef(0, 1));
    Path slot0 = root.resolve("bracket-0/stage-1/config-0");
    assertThat(Files.readString(slot0.resolve("config"))).isEqualTo("{\"seed\": 2}\n");
    assertThat(Files.readString(slot0.resolve("promoted-from"))).isEqualTo("bracket-0/stage-0/config-2\n");
    assertThat(Files.readString(root.resolve("bracket-0/stage-1/config-2/config")))
        .isEqualTo(Files.readString(trial(0).resolve("config")));
  }

  @Test
  void promotesWhatItHasAndClearsStaleSlots() throws IOException {
    for (long c : new long[] {0, 3, 5, 8}) {
      Files.writeString(trial(c).resolve("failed"), "reason: 'x'\n");
    }
    Path slot2 = root.resolve("bracket-0/stage-1/config-2");
    Files.createDirectories(slot2);
    Files.writeString(slot2.resolve("config"), "stale\n");
    Files.writeString(slot2.resolve("promoted-from"), "bracket-0/stage-0/config-0\n");
    Promotion p = PromotionFiles.promote(SearchDir.open(root), new StageRef(0, 1));
    assertThat(p.shortfall()).isEqualTo(2);
    assertThat(slot2.resolve("config")).doesNotExist();
    assertThat(slot2.resolve("promoted-from")).doesNotExist();
    assertThat(Files.readString(root.resolve("bracket-0/stage-1/promotion.yaml")))
        .contains("promoted: 1\nshortfall: 2\n");
  }

  @Test
  void yamlNumbersSpellNonFiniteValuesTheYamlWay() {
    assertThat(PromotionFiles.yamlNumber(" 1.5e-3 ")).isEqualTo("1.5e-3");
    assertThat(PromotionFiles.yamlNumber("NaN")).isEqualTo(".nan");
    assertThat(PromotionFiles.yamlNumber("-Infinity")).isEqualTo("-.inf");
    assertThat(PromotionFiles.yamlNumber(".inf")).isEqualTo(".inf");
  }
}
