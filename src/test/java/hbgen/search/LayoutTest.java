package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.trial.TrialId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LayoutTest {
  private final Layout layout = new Layout(Path.of("runs", "s"));

  @Test
  void every_path_of_a_search_is_built_here() {
    TrialId id = new TrialId(1, 2, 30);
    assertThat(layout.trialDir(id)).isEqualTo(Path.of("runs/s/bracket-1/stage-2/config-30"));
    assertThat(layout.marker(id, Layout.RESULT)).isEqualTo(Path.of("runs/s/bracket-1/stage-2/config-30/result"));
    assertThat(layout.promotion(1, 2)).isEqualTo(Path.of("runs/s/bracket-1/stage-2/promotion.yaml"));
    assertThat(layout.ledger()).isEqualTo(Path.of("runs/s/results.tsv"));
    assertThat(layout.best()).isEqualTo(Path.of("runs/s/best.yaml"));
    assertThat(layout.bestConfig()).isEqualTo(Path.of("runs/s/config"));
    assertThat(Layout.stagePath(0, 3)).isEqualTo("bracket-0/stage-3");
  }

  @Test
  void a_trial_path_reads_back_and_anything_else_is_refused_naming_the_form() {
    assertThat(Layout.parseTrial(" bracket-4/stage-0/config-12/ ")).isEqualTo(new TrialId(4, 0, 12));
    assertThatThrownBy(() -> Layout.parseTrial("../../etc")).hasMessageContaining("bracket-I/stage-J/config-K");
    assertThatThrownBy(() -> Layout.parseTrial("bracket-99999999999/stage-0/config-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Seeded random strings near the trial form: the fast byte parser and the string parser agree on every one. */
  static Stream<String> nearTrialPaths() {
    Random r = new Random(13);
    String[] parts = {"bracket-", "/stage-", "/config-", "0", "7", "12", "-1", "x", "/", "", "99999999999", " "};
    return IntStream.range(0, 500).mapToObj(i -> {
      if (i % 2 == 0) {
        return "bracket-" + r.nextInt(70) + "/stage-" + r.nextInt(70) + "/config-" + r.nextInt(1_000_000);
      }
      StringBuilder s = new StringBuilder();
      for (int k = r.nextInt(8); k >= 0; k--) {
        s.append(parts[r.nextInt(parts.length)]);
      }
      return s.toString();
    });
  }

  @ParameterizedTest
  @MethodSource("nearTrialPaths")
  void the_ledger_s_byte_parser_agrees_with_the_string_parser(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    TrialId fast = Layout.parseTrial(bytes, 0, bytes.length);
    TrialId slow;
    try {
      slow = text.strip().equals(text) && !text.endsWith("/") ? Layout.parseTrial(text) : null;
    } catch (IllegalArgumentException e) {
      slow = null;
    }
    assertThat(fast).isEqualTo(slow);
  }
}
