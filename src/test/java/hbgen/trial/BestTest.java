package hbgen.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BestTest {
  static Outcome at(int bracket, int stage, int config, double budget, double value) {
    return new Outcome(new TrialId(bracket, stage, config), budget, value, String.valueOf(value));
  }

  static Outcome failed(int bracket, int stage, int config, double budget) {
    return Outcome.missing(new TrialId(bracket, stage, config), budget);
  }

  static final Outcome LUCKY_LOW = at(0, 0, 0, 1, 0.1);
  static final Outcome TOP_A = at(0, 1, 0, 3, 0.5);
  static final Outcome TOP_B = at(1, 0, 1, 3, 0.4);
  static final Outcome MID = at(0, 1, 1, 2, 0.2);
  static final Outcome TOP_FAILED = failed(1, 0, 0, 9);

  /** Outcomes, direction, rule, the expected winner (null: none). */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a lucky low-budget trial loses to the top budget", List.of(LUCKY_LOW, TOP_A, TOP_B),
            Direction.MINIMIZE, Incumbent.TOP_BUDGET, TOP_B),
        Arguments.of("the paper's rule keeps it", List.of(LUCKY_LOW, TOP_A, TOP_B), Direction.MINIMIZE, Incumbent.ALL,
            LUCKY_LOW),
        Arguments.of("maximizing at the top budget", List.of(LUCKY_LOW, TOP_A, TOP_B), Direction.MAXIMIZE,
            Incumbent.TOP_BUDGET, TOP_A),
        Arguments.of("a failed trial does not make its budget the top", List.of(LUCKY_LOW, MID, TOP_FAILED),
            Direction.MINIMIZE, Incumbent.TOP_BUDGET, MID),
        Arguments.of("only the low budget finished", List.of(LUCKY_LOW, TOP_FAILED), Direction.MINIMIZE,
            Incumbent.TOP_BUDGET, LUCKY_LOW),
        Arguments.of("ties at the top go to the earlier trial", List.of(at(2, 0, 0, 3, 0.4), TOP_B, LUCKY_LOW),
            Direction.MINIMIZE, Incumbent.TOP_BUDGET, TOP_B),
        Arguments.of("ties over all go to the larger budget", List.of(at(0, 0, 0, 1, 0.9), at(1, 0, 0, 9, 0.9)),
            Direction.MAXIMIZE, Incumbent.ALL, at(1, 0, 0, 9, 0.9)),
        Arguments.of("nothing finished", List.of(TOP_FAILED), Direction.MINIMIZE, Incumbent.TOP_BUDGET, null),
        Arguments.of("nothing finished, all", List.of(TOP_FAILED), Direction.MINIMIZE, Incumbent.ALL, null),
        Arguments.of("no trial", List.of(), Direction.MAXIMIZE, Incumbent.TOP_BUDGET, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRuleNamesTheExpectedTrial(String name, List<Outcome> outcomes, Direction direction, Incumbent rule,
      Outcome expected) {
    assertThat(Best.of(outcomes, direction, rule)).isEqualTo(Optional.ofNullable(expected));
    assertThat(Best.of(reversed(outcomes), direction, rule)).as("order of the input").isEqualTo(Optional.ofNullable(expected));
  }

  static List<Outcome> reversed(List<Outcome> list) {
    List<Outcome> out = new java.util.ArrayList<>(list);
    java.util.Collections.reverse(out);
    return out;
  }

  @Test
  void rulesAreNamedByTheirLabels() {
    assertThat(Incumbent.of("top-budget")).isEqualTo(Incumbent.TOP_BUDGET);
    assertThat(Incumbent.of("all")).isEqualTo(Incumbent.ALL);
    assertThatThrownBy(() -> Incumbent.of("best")).hasMessage("incumbent rule must be top-budget or all, was 'best'");
  }

  @Test
  void followsTheIncumbentAsTrialsFinish() {
    Best top = new Best(Direction.MINIMIZE, Incumbent.TOP_BUDGET);
    Best all = new Best(Direction.MINIMIZE, Incumbent.ALL);
    assertThat(top.current()).isEmpty();
    for (Outcome o : List.of(LUCKY_LOW, MID, TOP_FAILED, TOP_A, TOP_B)) {
      top.add(o);
      all.add(o);
    }
    assertThat(all.current()).contains(LUCKY_LOW);
    assertThat(top.current()).contains(TOP_B);
    Best stepwise = new Best(Direction.MINIMIZE, Incumbent.TOP_BUDGET);
    stepwise.add(LUCKY_LOW);
    assertThat(stepwise.current()).contains(LUCKY_LOW);
    stepwise.add(TOP_A);
    assertThat(stepwise.current()).as("a larger budget finished: its best, even if worse").contains(TOP_A);
    stepwise.add(MID);
    assertThat(stepwise.current()).contains(TOP_A);
  }
}
