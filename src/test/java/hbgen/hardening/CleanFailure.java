package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.util.List;

/**
 * What a failed hbgen command must look like on stderr (SPEC section 6, STYLE "Errors a user can
 * act on"): exactly one line, {@code hbgen: MESSAGE}, and nothing of Java showing through.
 */
final class CleanFailure {
  private CleanFailure() {}

  /** Asserts the shape of a failure's stderr and returns its one line. */
  static String line(Cli.Run r) {
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isIn(1, 2);
    List<String> lines = r.err().lines().toList();
    assertThat(lines).as("stderr is one line: %s", r.err()).hasSize(1);
    String line = lines.get(0);
    assertThat(line).as("stderr").startsWith("hbgen: ");
    assertThat(line.substring("hbgen: ".length()).strip()).as("a message after the prefix").isNotEmpty();
    assertThat(r.err()).as("no stack trace or Java class names")
        .doesNotContain("\tat ", "Exception", "java.", "internal error", "StackOverflow", "OutOfMemory");
    return line;
  }
}
