package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.TrialId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailFastTest {
  private static final FailFast.Failure EXIT_2 = new FailFast.Failure("exit_code", 2, "exit code 2", "");
  private static final FailFast.Failure EXIT_1 = new FailFast.Failure("exit_code", 1, "exit code 1", "");
  private static final FailFast.Failure NO_RESULT = new FailFast.Failure("no_result", 0, "no result", "");

  private static TrialId trial(int config) {
    return new TrialId(0, 0, config);
  }

  @Test
  void exitCode127StopsAtTheFirstFailure() {
    FailFast rule = new FailFast(100);
    Optional<FailFast.Verdict> v = rule.failed(trial(3), new FailFast.Failure("exit_code", 127, "exit code 127",
        "bash: line 1: nosuch: command not found"));
    assertThat(v).isPresent();
    assertThat(v.get().cannotStart()).isTrue();
    assertThat(v.get().message("nosuch --lr")).isEqualTo("the trainer 'nosuch --lr' cannot be started: "
        + "bracket-0/stage-0/config-3 failed with exit code 127 (its last output: bash: line 1: nosuch: command not found)");
  }

  @Test
  void exitCode126StopsToo() {
    assertThat(new FailFast(100).failed(trial(0), new FailFast.Failure("", 126, "", ""))).isPresent();
  }

  @Test
  void fiveFailuresTheSameWayStopOnTheFifth() {
    FailFast rule = new FailFast(100);
    for (int c = 0; c < FailFast.WINDOW - 1; c++) {
      assertThat(rule.failed(trial(c), EXIT_2)).as("failure %d", c + 1).isEmpty();
    }
    Optional<FailFast.Verdict> v = rule.failed(trial(9), EXIT_2);
    assertThat(v).isPresent();
    assertThat(v.get().message("python3 train.py")).isEqualTo("the trainer 'python3 train.py' failed in each of the "
        + "first 5 trials the same way (exit code 2) and in none succeeded; last: bracket-0/stage-0/config-9");
  }

  @Test
  void aSmallSearchNeedsAllItsTrials() {
    FailFast rule = new FailFast(2);
    assertThat(rule.failed(trial(0), EXIT_2)).isEmpty();
    assertThat(rule.failed(trial(1), EXIT_2)).isPresent();
  }

  @Test
  void aSuccessTurnsTheRuleOffEvenFor127() {
    FailFast rule = new FailFast(100);
    rule.failed(trial(0), EXIT_2);
    rule.succeeded();
    for (int c = 1; c < 10; c++) {
      assertThat(rule.failed(trial(c), EXIT_2)).isEmpty();
    }
    assertThat(rule.failed(trial(10), new FailFast.Failure("exit_code", 127, "", ""))).isEmpty();
  }

  @Test
  void failuresOfDifferentKindsOrExitCodesDoNotStopTheRun() {
    FailFast byCode = new FailFast(100);
    byCode.failed(trial(0), EXIT_2);
    byCode.failed(trial(1), EXIT_1);
    for (int c = 2; c < 10; c++) {
      assertThat(byCode.failed(trial(c), EXIT_2)).isEmpty();
    }
    FailFast byKind = new FailFast(100);
    byKind.failed(trial(0), NO_RESULT);
    byKind.failed(trial(1), new FailFast.Failure("unparseable", 0, "", ""));
    for (int c = 2; c < 10; c++) {
      assertThat(byKind.failed(trial(c), NO_RESULT)).isEmpty();
    }
  }

  @Test
  void aLongLastOutputIsClipped() {
    FailFast.Failure f = new FailFast.Failure("", 127, "exit code 127", "x".repeat(500));
    String message = new FailFast(1).failed(trial(0), f).orElseThrow().message("t");
    assertThat(message).endsWith("x".repeat(200) + "...)").hasSizeLessThan(320);
  }
}
