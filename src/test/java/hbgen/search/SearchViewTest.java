package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.FailureKind;
import hbgen.trial.Metrics;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one rule of {@link TrialState} over a trial's files (the ledger's part runs in the CLI tests). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SearchViewTest {
  private static final StartedMarker STARTED = new StartedMarker(1, "node1", 4242, "", 1);
  private static final FailedMarker FAILED = new FailedMarker(FailureKind.EXIT_CODE, 1, "exit code 1", 1, List.of());

  /** A record with the named markers; a result says {@code 0.5}. */
  private static TrialRecord record(int stage, String... names) {
    TrialRecord.Markers m = TrialRecord.Markers.of(names);
    TrialRecord.Result result = m.result() ? new TrialRecord.Result(1, new Metrics("0.5", Map.of()), "", null) : null;
    return new TrialRecord(new TrialId(0, stage, 1), names.length == 0 ? TrialRecord.Dir.MISSING : TrialRecord.Dir.PRESENT,
        "", m, null, null, m.started() ? STARTED : null, m.failed() ? FAILED : null, m.skipped() ? "" : null, result);
  }

  private static TrialSnapshot decide(TrialRecord r, boolean promotionDone) {
    return SearchView.decide(r, 3, promotionDone, "", -1);
  }

  static Stream<Arguments> slots() {
    return Stream.of(
        // stage, slot filled (stage J > 0: promotion done; stage 0: drawn or proposed), markers, expected
        Arguments.of(0, true, List.of("config", "started", "result"), TrialState.COMPLETED),
        Arguments.of(0, true, List.of("config", "started", "result", "failed"), TrialState.FAILED),
        Arguments.of(1, true, List.of("result", "skipped"), TrialState.SKIPPED),
        Arguments.of(1, true, List.of("result", "skipped", "failed"), TrialState.FAILED),
        Arguments.of(0, true, List.of("config", "started"), TrialState.UNVERIFIED),
        Arguments.of(0, true, List.of("config", "started", "failed"), TrialState.UNVERIFIED),
        Arguments.of(0, true, List.of("config"), TrialState.PENDING),
        Arguments.of(1, true, List.of("config", "promoted-from"), TrialState.PENDING),
        Arguments.of(1, true, List.of("skipped"), TrialState.SKIPPED),
        Arguments.of(1, true, List.of(), TrialState.SKIPPED),
        Arguments.of(1, false, List.of(), TrialState.UNFILLED),
        Arguments.of(0, true, List.of(), TrialState.PENDING),
        Arguments.of(0, false, List.of(), TrialState.UNPROPOSED),
        Arguments.of(0, false, List.of("config"), TrialState.PENDING),
        Arguments.of(0, false, List.of("config", "started", "result"), TrialState.COMPLETED));
  }

  @ParameterizedTest(name = "stage {0} (filled: {1}) with {2} is {3}")
  @MethodSource("slots")
  void a_slot_is_classified_by_its_markers_first_match_wins(int stage, boolean promoted, List<String> names,
      TrialState expected) {
    assertThat(decide(record(stage, names.toArray(String[]::new)), promoted).state()).isEqualTo(expected);
  }

  @Test
  void a_failed_trial_keeps_its_marker_s_kind_and_reason_and_has_no_value() {
    TrialSnapshot t = decide(record(0, "config", "result", "failed", "skipped"), true);
    assertThat(t.kind()).isEqualTo(FailureKind.EXIT_CODE);
    assertThat(t.reason()).isEqualTo("exit code 1");
    assertThat(t.outcome().usable()).isFalse();
  }

  @Test
  void a_completed_trial_has_its_objective_as_value() {
    TrialSnapshot t = decide(record(0, "config", "result"), true);
    assertThat(t.objective()).isEqualTo(0.5);
    assertThat(t.objectiveText()).isEqualTo("0.5");
  }

  @Test
  void a_result_without_the_objective_or_with_a_nan_objective_fails_with_its_kind() {
    TrialRecord noObjective = record(0, "config", "result");
    noObjective = new TrialRecord(noObjective.id(), noObjective.dir(), "", noObjective.markers(), null, null, null, null,
        null, new TrialRecord.Result(1, new Metrics(null, Map.of("loss", "0.1", "acc", "0.2")), "", null));
    assertThat(SearchView.decide(noObjective, 1, true, "accuracy", -1))
        .extracting(TrialSnapshot::state, TrialSnapshot::kind)
        .containsExactly(TrialState.FAILED, FailureKind.UNPARSEABLE);

    TrialRecord nan = new TrialRecord(noObjective.id(), noObjective.dir(), "", noObjective.markers(), null, null, null,
        null, null, new TrialRecord.Result(1, new Metrics("nan", Map.of()), "", null));
    assertThat(SearchView.decide(nan, 1, true, "", -1))
        .extracting(TrialSnapshot::state, TrialSnapshot::kind, TrialSnapshot::reason)
        .containsExactly(TrialState.FAILED, FailureKind.NAN_OBJECTIVE, "objective is nan");
  }

  @Test
  void values_follow_the_grammar_and_minus_zero_is_zero() {
    assertThat(SearchView.value("0.25")).isEqualTo(0.25);
    assertThat(Double.compare(SearchView.value("-0.0"), 0.0)).isZero();
    assertThat(SearchView.value(".inf")).isInfinite();
    assertThat(SearchView.value("1.5f")).as("Java's suffix, not the grammar's").isNaN();
    assertThat(SearchView.value("1e")).isNaN();
    assertThat(SearchView.value("")).isNaN();
  }
}
