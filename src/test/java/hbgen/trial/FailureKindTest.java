package hbgen.trial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailureKindTest {

  @ParameterizedTest
  @EnumSource(value = FailureKind.class, names = "INTERRUPTED", mode = EnumSource.Mode.EXCLUDE)
  void every_kind_a_marker_may_name_reads_back_from_its_label(FailureKind kind) {
    assertThat(FailureKind.ofLabel(kind.label())).isEqualTo(kind);
  }

  @Test
  void the_labels_are_the_ones_the_launcher_writes() {
    assertThat(java.util.Arrays.stream(FailureKind.values()).map(FailureKind::label)).containsExactly("exit_code",
        "no_result", "unparseable", "nan_objective", "timeout", "cancelled", "slurm_refused", "lsf_refused", "interrupted",
        "other");
  }

  @Test
  void interrupted_is_never_read_from_a_marker_and_an_unknown_label_is_other() {
    assertThat(FailureKind.ofLabel("interrupted")).isEqualTo(FailureKind.OTHER);
    assertThat(FailureKind.ofLabel("exit code 1")).isEqualTo(FailureKind.OTHER);
    assertThat(FailureKind.ofLabel(null)).isEqualTo(FailureKind.OTHER);
  }

  @ParameterizedTest(name = "a gone launcher whose Slurm job ended \"{0}\" is {1}")
  @CsvSource(delimiter = '|', value = {
      "CANCELLED by 0 | CANCELLED",
      "CANCELLED      | CANCELLED",
      "TIMEOUT        | TIMEOUT",
      "DEADLINE       | TIMEOUT",
      "NODE_FAIL      | INTERRUPTED",
      "''             | INTERRUPTED"})
  void a_gone_launcher_takes_the_kind_of_its_slurm_end_state(String state, FailureKind kind) {
    assertThat(FailureKind.ofGoneLauncher(state)).isEqualTo(kind);
  }
}
