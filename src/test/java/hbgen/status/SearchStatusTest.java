package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.plan.Stage;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SearchStatusTest {

  /** A stage whose slots are in the states of {@code symbols} (C gets objective 0.1 * config + bracket). */
  static StageStatus stage(int bracket, int index, double budget, String symbols) {
    List<TrialSnapshot> trials = new ArrayList<>();
    for (int k = 0; k < symbols.length(); k++) {
      TrialId id = new TrialId(bracket, index, k);
      char symbol = symbols.charAt(k);
      TrialState state = Arrays.stream(TrialState.values()).filter(s -> Palette.symbol(s) == symbol).findFirst().orElseThrow();
      trials.add(state == TrialState.COMPLETED
          ? TrialSnapshot.finished(id, budget, "x", 0.1 * k + bracket, 5)
          : TrialSnapshot.of(id, budget, state, "", "", -1));
    }
    return StageStatus.of(new Stage(index, symbols.length(), budget, index == 0 ? 0 : budget / 3), true, trials);
  }

  static SearchStatus status(Direction direction, Pace pace, BracketStatus... brackets) {
    return new SearchStatus("s", "runs/s", "hyperband", "accuracy", direction, 2.0, true, List.of(brackets), pace,
        List.of(), Instant.parse("2026-11-23T04:41:23Z"));
  }

  static SearchStatus status(Direction direction, Incumbent rule, BracketStatus... brackets) {
    return new SearchStatus("s", "runs/s", "hyperband", "accuracy", direction, 2.0, true, List.of(brackets), Pace.NONE,
        List.of(), Instant.parse("2026-11-23T04:41:23Z"), rule);
  }

  @Test
  void budget_counts_trained_trials_and_cost_is_budget_times_the_unit() {
    SearchStatus s = status(Direction.MINIMIZE, Pace.NONE,
        new BracketStatus(0, List.of(stage(0, 0, 1, "CFSRX._"), stage(0, 1, 3, "C__"))));

    assertThat(s.budgetSpent()).isEqualTo(1 + 1 + 3);
    assertThat(s.budgetPlanned()).isEqualTo(7 + 9);
    assertThat(s.budgetLeft()).isEqualTo(4 + 6);
    assertThat(s.costUnit() * s.budgetSpent()).isEqualTo(10.0);
  }

  @Test
  void the_estimate_is_the_budget_left_at_the_observed_seconds_per_unit_and_concurrency() {
    Pace pace = new Pace(3, 30, 10, 1000, 1015);
    SearchStatus s = status(Direction.MINIMIZE, pace, new BracketStatus(0, List.of(stage(0, 0, 1, "CCC..."))));

    SearchStatus.Estimate e = s.estimate().orElseThrow();
    assertThat(e.secondsPerUnit()).isEqualTo(3.0);
    assertThat(e.concurrency()).isEqualTo(2.0);
    assertThat(e.secondsLeft()).isEqualTo(3 * 3.0 / 2.0);
    assertThat(e.observed()).isEqualTo(3);
  }

  @Test
  void there_is_no_estimate_before_a_trial_finished_and_a_finished_search_has_nothing_left() {
    assertThat(status(Direction.MINIMIZE, Pace.NONE, new BracketStatus(0, List.of(stage(0, 0, 1, "...")))).estimate())
        .isEmpty();
    SearchStatus done = status(Direction.MINIMIZE, new Pace(2, 10, 2, 0, 10),
        new BracketStatus(0, List.of(stage(0, 0, 1, "CF"))));
    assertThat(done.finished()).isTrue();
    assertThat(done.estimate().orElseThrow().secondsLeft()).isZero();
  }

  @Test
  void the_best_follows_the_direction_and_the_search_s_incumbent_rule() {
    BracketStatus b0 = new BracketStatus(0, List.of(stage(0, 0, 1, "CCC")));
    BracketStatus b1 = new BracketStatus(1, List.of(stage(1, 0, 3, "FCC")));

    assertThat(status(Direction.MINIMIZE, Incumbent.ALL, b0, b1).best()).map(TrialSnapshot::path)
        .contains("bracket-0/stage-0/config-0");
    assertThat(status(Direction.MINIMIZE, Pace.NONE, b0, b1).best()).as("the top budget, 3").map(TrialSnapshot::path)
        .contains("bracket-1/stage-0/config-1");
    assertThat(status(Direction.MAXIMIZE, Pace.NONE, b0, b1).best()).map(TrialSnapshot::path)
        .contains("bracket-1/stage-0/config-2");
    assertThat(status(Direction.MAXIMIZE, Incumbent.ALL, b0, b1).best()).map(TrialSnapshot::path)
        .contains("bracket-1/stage-0/config-2");
    assertThat(status(Direction.MAXIMIZE, Pace.NONE, new BracketStatus(0, List.of(stage(0, 0, 1, "FX.")))).best())
        .isEmpty();
  }

  @Test
  void top_k_of_a_bracket_is_ordered_like_best_and_ties_go_to_the_larger_budget() {
    StageStatus s0 = StageStatus.of(new Stage(0, 2, 1, 0), true, List.of(
        TrialSnapshot.finished(new TrialId(0, 0, 0), 1, "0.5", 0.5, 1),
        TrialSnapshot.finished(new TrialId(0, 0, 1), 1, "0.9", 0.9, 1)));
    StageStatus s1 = StageStatus.of(new Stage(1, 1, 3, 1), true, List.of(
        TrialSnapshot.finished(new TrialId(0, 1, 0), 3, "0.9", 0.9, 1)));
    BracketStatus b = new BracketStatus(0, List.of(s0, s1));

    assertThat(b.top(5, Direction.MAXIMIZE)).extracting(TrialSnapshot::path).containsExactly(
        "bracket-0/stage-1/config-0", "bracket-0/stage-0/config-1", "bracket-0/stage-0/config-0");
    assertThat(b.top(1, Direction.MINIMIZE)).extracting(TrialSnapshot::path).containsExactly("bracket-0/stage-0/config-0");
    assertThat(b.top(0, Direction.MINIMIZE)).isEmpty();
    assertThat(b.stagesComplete()).isEqualTo(2);
  }

  @Test
  void a_stage_must_have_one_snapshot_per_slot() {
    assertThatThrownBy(() -> StageStatus.of(new Stage(0, 3, 1, 0), true, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 0 has 3 slots, got 0 trials");
  }
}
