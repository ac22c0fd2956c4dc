package hbgen.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TrialStateTest {

  @Test
  void only_completed_failed_and_skipped_slots_are_finished_and_only_running_ones_active() {
    assertThat(Arrays.stream(TrialState.values()).filter(TrialState::finished))
        .containsExactly(TrialState.COMPLETED, TrialState.FAILED, TrialState.SKIPPED);
    assertThat(Arrays.stream(TrialState.values()).filter(TrialState::active))
        .containsExactly(TrialState.RUNNING, TrialState.UNVERIFIED);
  }

  @Test
  void a_state_word_is_its_label_and_the_older_names_still_select_their_states() {
    for (TrialState st : TrialState.values()) {
      assertThat(TrialState.parse(st.label())).containsExactly(st);
    }
    assertThat(TrialState.parse(" Unpromoted ")).containsExactly(TrialState.UNFILLED);
    assertThat(TrialState.parse("started")).containsExactly(TrialState.RUNNING, TrialState.UNVERIFIED,
        TrialState.INTERRUPTED);
    assertThatThrownBy(() -> TrialState.parse("done")).hasMessageContaining("unknown trial state 'done'")
        .hasMessageContaining("completed, failed, skipped, running, unverified, interrupted, pending, unproposed, unfilled");
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
      assertThatThrownBy(() -> new TrialSnapshot(id, 1, TrialState.COMPLETED, Double.NaN, "nan", "", "", -1, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bracket-0/stage-1/config-2");
    }
  }
}
