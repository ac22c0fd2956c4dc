package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.TrialState;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailureKindTest {

  @ParameterizedTest(name = "{0}: \"{1}\" is {2}")
  @CsvSource(delimiter = '|', value = {
      "FAILED      | exit code 137                                              | EXIT_CODE",
      "FAILED      | objective is nan                                           | NAN_OBJECTIVE",
      "FAILED      | objective is -inf                                          | NAN_OBJECTIVE",
      "FAILED      | no result (the trainer exited 0 without writing $HB_RESULT)| NO_RESULT",
      "FAILED      | unparseable result entry loss=3                            | UNPARSEABLE",
      "FAILED      | empty result                                               | UNPARSEABLE",
      "FAILED      | result has no metric accuracy                              | UNPARSEABLE",
      "FAILED      | result: unparseable result entry '{a: 1' (expected ...)    | UNPARSEABLE",
      "FAILED      | metric a appears twice in the result                       | UNPARSEABLE",
      "FAILED      | failed (its marker gives no reason)                        | OTHER",
      "FAILED      | timeout                                                    | TIMEOUT",
      "FAILED      | cancelled                                                  | CANCELLED",
      "FAILED      | slurm: job OUT_OF_MEMORY                                   | SLURM",
      "INTERRUPTED | its launcher (pid 4 on vm) is gone                         | INTERRUPTED",
      "INTERRUPTED | Slurm job 17 ended: CANCELLED                              | CANCELLED",
      "INTERRUPTED | Slurm job 17 ended: TIMEOUT                                | TIMEOUT",
      "INTERRUPTED | Slurm job 17 is gone                                       | INTERRUPTED"})
  void a_reason_has_a_kind(TrialState state, String reason, FailureKind kind) {
    assertThat(FailureKind.of(state, reason)).isEqualTo(kind);
  }
}
