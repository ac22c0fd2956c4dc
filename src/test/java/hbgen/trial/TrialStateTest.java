package hbgen.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.trial.TrialState.Liveness;
import hbgen.trial.TrialState.Markers;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TrialStateTest {

  private static Markers markers(String... names) {
    return Markers.of(Arrays.asList(names));
  }

  static Stream<Arguments> slots() {
    return Stream.of(
        // markers, stage, promotion done, liveness, expected
        Arguments.of(markers("config", "started", "result"), 0, true, null, TrialState.COMPLETED),
        Arguments.of(markers("config", "started", "result", "failed"), 0, true, null, TrialState.FAILED),
        Arguments.of(markers("result", "skipped"), 1, true, null, TrialState.SKIPPED),
        Arguments.of(markers("config", "started"), 0, true, Liveness.ALIVE, TrialState.RUNNING),
        Arguments.of(markers("config", "started"), 0, true, Liveness.GONE, TrialState.INTERRUPTED),
        Arguments.of(markers("config", "started"), 2, true, Liveness.UNKNOWN, TrialState.UNVERIFIED),
        Arguments.of(markers("config", "started", "failed"), 0, true, Liveness.GONE, TrialState.INTERRUPTED),
        Arguments.of(markers("config"), 0, true, null, TrialState.PENDING),
        Arguments.of(markers("config", "promoted-from"), 1, true, null, TrialState.PENDING),
        Arguments.of(markers(), 1, true, null, TrialState.SKIPPED),
        Arguments.of(markers(), 1, false, null, TrialState.UNFILLED),
        Arguments.of(markers(), 0, false, null, TrialState.PENDING));
  }

  @ParameterizedTest(name = "{0} at stage {1} (promotion done: {2}, launcher {3}) is {4}")
  @MethodSource("slots")
  void a_slot_is_classified_by_its_markers_and_its_launcher(Markers m, int stage, boolean promoted, Liveness live,
      TrialState expected) {
    assertThat(TrialState.of(m, stage, promoted, live)).isEqualTo(expected);
  }

  @Test
  void a_started_trial_whose_launcher_was_not_checked_is_unverified_rather_than_running() {
    assertThat(TrialState.of(markers("config", "started"), 0, true, null)).isEqualTo(TrialState.UNVERIFIED);
  }

  @Test
  void every_state_has_its_own_symbol_and_the_issue_s_symbols_are_kept() {
    assertThat(Arrays.stream(TrialState.values()).map(TrialState::symbol).distinct()).hasSize(TrialState.values().length);
    assertThat(List.of(TrialState.COMPLETED, TrialState.FAILED, TrialState.RUNNING, TrialState.INTERRUPTED,
        TrialState.PENDING).stream().map(TrialState::symbol)).containsExactly('C', 'F', 'R', 'X', '.');
    assertThat(TrialState.UNFILLED.symbol()).isEqualTo('_');
    assertThat(TrialState.UNVERIFIED.label()).isEqualTo("unverified");
  }

  @Test
  void only_completed_failed_and_skipped_slots_are_finished_and_only_running_ones_active() {
    assertThat(Arrays.stream(TrialState.values()).filter(TrialState::finished))
        .containsExactly(TrialState.COMPLETED, TrialState.FAILED, TrialState.SKIPPED);
    assertThat(Arrays.stream(TrialState.values()).filter(TrialState::active))
        .containsExactly(TrialState.RUNNING, TrialState.UNVERIFIED);
  }

  @Test
  void markers_ignore_files_that_are_not_markers() {
    assertThat(markers("log", "checkpoint.json", "result.new", "started"))
        .isEqualTo(new Markers(false, false, false, true, false));
  }

  @Nested
  class TrialSnapshots {
    private final TrialId id = new TrialId(0, 1, 2);

    @Test
    void a_finished_trial_with_a_finite_objective_is_completed() {
      TrialSnapshot t = TrialSnapshot.finished(id, 3, "0.93", 0.93, 4);
      assertThat(t.state()).isEqualTo(TrialState.COMPLETED);
      assertThat(t.outcome()).isEqualTo(new Outcome(id, 3, 0.93, "0.93"));
      assertThat(t.path()).isEqualTo("bracket-0/stage-1/config-2");
    }

    @Test
    void a_finished_trial_with_a_nan_or_infinite_objective_is_failed_with_that_reason() {
      assertThat(TrialSnapshot.finished(id, 3, "nan", Double.NaN, -1))
          .extracting(TrialSnapshot::state, TrialSnapshot::reason)
          .containsExactly(TrialState.FAILED, "objective is nan");
      assertThat(TrialSnapshot.finished(id, 3, "-inf", Double.NEGATIVE_INFINITY, -1).reason())
          .isEqualTo("objective is -inf");
    }

    @Test
    void a_trial_that_did_not_complete_has_no_objective_and_never_ranks() {
      TrialSnapshot t = TrialSnapshot.of(id, 3, TrialState.RUNNING, null, "pid 1 on h", -1);
      assertThat(t.objective()).isNaN();
      assertThat(t.outcome().usable()).isFalse();
      assertThat(t.reason()).isEmpty();
    }

    @Test
    void a_completed_snapshot_without_a_finite_objective_is_refused() {
      assertThatThrownBy(() -> new TrialSnapshot(id, 1, TrialState.COMPLETED, Double.NaN, "nan", "", "", -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bracket-0/stage-1/config-2");
    }
  }
}
