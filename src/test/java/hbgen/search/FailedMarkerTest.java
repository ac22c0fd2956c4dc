package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.FailureKind;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailedMarkerTest {

  @Test
  void the_marker_run_sh_writes_is_read_with_its_log_lines() {
    FailedMarker m = FailedMarker.parse("time: 2026-11-23T04:40:54Z\nexit_code: 137\nreason: 'exit code 137'\n"
        + "attempts: 2\nlast_log_lines: |\n  2026-11-23T04:40:54Z hbgen: attempt 1 of 2, budget 1\n  epoch: 1\n"
        + "  \n  reason: not a key, a log line\n");

    assertThat(m.exitCode()).isEqualTo(137);
    assertThat(m.reason()).isEqualTo("exit code 137");
    assertThat(m.attempts()).isEqualTo(2);
    assertThat(m.lastLogLines()).containsExactly("2026-11-23T04:40:54Z hbgen: attempt 1 of 2, budget 1", "epoch: 1", "",
        "reason: not a key, a log line");
  }

  @Test
  void a_quoted_reason_keeps_its_quotes_and_colons() {
    FailedMarker m = FailedMarker.parse("exit_code: 0\nreason: 'unparseable result entry ''x: y'' here'\n");

    assertThat(m.reason()).isEqualTo("unparseable result entry 'x: y' here");
    assertThat(m.lastLogLines()).isEmpty();
  }

  @Test
  void missing_fields_read_as_unknown() {
    assertThat(FailedMarker.parse("")).isEqualTo(new FailedMarker(FailureKind.OTHER, -1, "", 0, List.of()));
  }

  @Test
  void the_kind_line_names_the_kind_and_the_english_reason_never_does() {
    assertThat(FailedMarker.parse("kind: nan_objective\nexit_code: 0\nreason: 'exit code 3'\n").kind())
        .isEqualTo(FailureKind.NAN_OBJECTIVE);
    assertThat(FailedMarker.parse("kind: slurm_refused\r\nexit_code: 1\r\n").kind()).isEqualTo(FailureKind.SLURM_REFUSED);
    assertThat(FailedMarker.parse("kind: interrupted\n").kind()).as("status-only").isEqualTo(FailureKind.OTHER);
    assertThat(FailedMarker.parse("kind: something-new\n").kind()).isEqualTo(FailureKind.OTHER);
  }

  @Test
  void an_old_marker_without_kind_is_exit_code_when_its_exit_code_is_not_zero_else_other() {
    assertThat(FailedMarker.parse("exit_code: 137\nreason: 'objective is nan'\n").kind()).isEqualTo(FailureKind.EXIT_CODE);
    assertThat(FailedMarker.parse("exit_code: 0\nreason: 'objective is nan'\n").kind()).isEqualTo(FailureKind.OTHER);
  }
}
