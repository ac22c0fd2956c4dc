package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.Direction;
import hbgen.trial.TrialState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StatusTextTest {
  private static final StatusText.Options PLAIN = new StatusText.Options(3, StatusText.DEFAULT_GRID_LIMIT, Palette.NONE);

  @Nested
  class OfAFixtureWithEveryState {
    @TempDir Path tmp;

    private String text() {
      return StatusText.render(StatusScannerTest.everyState(tmp.resolve("s")).scan(), PLAIN);
    }

    @Test
    void each_stage_has_a_line_of_counts_and_a_grid() {
      String text = text();
      assertThat(SearchFixture.grid(text, 0, 0)).isEqualTo("CCFFRX.C.");
      assertThat(SearchFixture.grid(text, 0, 1)).isEqualTo("___");
      assertThat(SearchFixture.grid(text, 1, 0)).isEqualTo(".....");
      assertThat(text).containsPattern("\n  Stage 0  budget 1  +5/9 done  C 3 F 2 R 1 X 1 \\. 2  +CCFFRX\\.C\\.\n")
          .containsPattern("\n  Stage 1  budget 3  +not promoted yet +___\n")
          .contains("\nBracket 0  0/3 stages complete\n");
    }

    @Test
    void the_summary_counts_trials_budget_and_the_best() {
      String text = text();
      assertThat(text.lines().toList()).startsWith(
          text.lines().findFirst().orElseThrow(),
          "Trials  5/22 done (3 completed, 2 failed); 1 running, 1 interrupted, 10 pending, 5 not promoted yet",
          "Budget  5/78 spent (6%)",
          "Best    0.95  bracket-0/stage-0/config-7 (budget 1)");
      assertThat(text).startsWith("Search s (hyperband, maximize accuracy) at ");
      assertThat(text).containsPattern("\nLeft    ~0:\\d\\d:\\d\\d at the observed rate \\(3\\.2 s per budget unit, "
          + "[0-9.]+ trials at a time, from 5 finished trials\\)\n");
    }

    @Test
    void each_bracket_lists_its_top_trials_in_the_manifest_s_direction() {
      assertThat(text()).contains("  Top  0.95  bracket-0/stage-0/config-7 (budget 1)\n"
          + "       0.91  bracket-0/stage-0/config-0 (budget 1)\n"
          + "       0.85  bracket-0/stage-0/config-1 (budget 1)\n");
    }

    @Test
    void failures_and_interruptions_get_a_hint_and_the_legend_closes() {
      String text = text();
      assertThat(text).contains("\nF  2 trials failed: 'hbgen status " + tmp.resolve("s") + " --failed' shows why")
          .contains("\nX  1 trial was interrupted (started, but the launcher is gone and there is no result); running the"
              + " search again reruns it\n")
          .endsWith("C completed  F failed  S skipped  R running  ? running (unverified)  X interrupted  . pending"
              + "  _ not promoted yet\n");
    }

    @Test
    void without_colour_there_is_no_escape_sequence_and_with_it_runs_of_a_state_share_one() {
      SearchStatus s = StatusScannerTest.everyState(tmp.resolve("s")).scan();
      assertThat(StatusText.render(s, PLAIN)).doesNotContain("\u001b");
      String coloured = StatusText.render(s, new StatusText.Options(3, 2000, new Palette(true)));
      assertThat(coloured).contains("\u001b[32mCC\u001b[0m\u001b[31mFF\u001b[0m\u001b[36mR\u001b[0m\u001b[1;35mX\u001b[0m.");
    }
  }

  @Nested
  class Grids {
    private SearchStatus withStage(String symbols) {
      return SearchStatusTest.status(Direction.MINIMIZE, Pace.NONE,
          new BracketStatus(0, List.of(SearchStatusTest.stage(0, 0, 1, symbols))));
    }

    @Test
    void long_grids_wrap_at_64_symbols_under_the_grid_column() {
      String text = StatusText.render(withStage("C".repeat(130)), PLAIN);
      List<String> lines = text.lines().filter(l -> l.endsWith("CC")).toList();
      assertThat(lines).hasSize(3);
      int column = lines.get(0).indexOf("CC");
      assertThat(lines.get(0).substring(column)).isEqualTo("C".repeat(64));
      assertThat(lines.get(1)).isEqualTo(" ".repeat(column) + "C".repeat(64));
      assertThat(lines.get(2)).isEqualTo(" ".repeat(column) + "CC");
    }

    @Test
    void stages_above_the_limit_show_counts_only_unless_all_grids_are_asked_for() {
      SearchStatus s = withStage(".".repeat(2001));
      assertThat(StatusText.render(s, PLAIN)).contains("0/2001 done  . 2001  (2001 slots; --grid all draws them)\n");
      assertThat(StatusText.render(s, new StatusText.Options(3, Long.MAX_VALUE, Palette.NONE)))
          .contains(".".repeat(64) + "\n");
      assertThat(StatusText.render(s, new StatusText.Options(3, 0, Palette.NONE)))
          .contains("0/2001 done  . 2001\n").doesNotContain("slots;");
    }

    @Test
    void unverified_trials_name_the_first_one_and_why() {
      SearchStatus s = withStage("?.");
      assertThat(StatusText.render(s, PLAIN)).contains("?  1 trial may still run, but this machine cannot check"
          + " (first: bracket-0/stage-0/config-0)");
    }
  }

  @Test
  void numbers_are_printed_for_people() {
    assertThat(StatusText.objective(0.9666666666666668)).isEqualTo("0.9667");
    assertThat(StatusText.objective(2.0)).isEqualTo("2");
    assertThat(StatusText.objective(-1.5e-5)).isEqualTo("-1.500e-05");
    assertThat(StatusText.objective(12_345_678)).isEqualTo("1.235e+07");
    assertThat(StatusText.amount(40.0)).isEqualTo("40");
    assertThat(StatusText.amount(1.23456)).isEqualTo("1.23");
    assertThat(StatusText.duration(190)).isEqualTo("0:03:10");
    assertThat(StatusText.duration(93_784)).isEqualTo("1d 02:03:04");
    assertThat(StatusText.shellWord("runs/my search")).isEqualTo("'runs/my search'");
    assertThat(StatusText.shellWord("runs/s-1")).isEqualTo("runs/s-1");
  }

  @Test
  void every_state_has_its_own_symbol_and_the_issue_s_symbols_are_kept() {
    assertThat(java.util.Arrays.stream(TrialState.values()).map(Palette::symbol).distinct())
        .hasSize(TrialState.values().length);
    assertThat(java.util.stream.Stream.of(TrialState.COMPLETED, TrialState.FAILED, TrialState.RUNNING,
        TrialState.INTERRUPTED, TrialState.PENDING, TrialState.UNFILLED).map(Palette::symbol))
        .containsExactly('C', 'F', 'R', 'X', '.', '_');
  }
}
