package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hbgen a search records for its Snakefile's local jobs. */
class HbgenExecutableTest {
  @TempDir Path tmp;

  @Test
  void theLauncherScriptThatNamesItselfIsRecorded() throws Exception {
    Path launcher = Files.writeString(tmp.resolve("hbgen"), "#!/bin/sh\n");
    launcher.toFile().setExecutable(true);
    assertThat(HbgenExecutable.current(Map.of(HbgenExecutable.LAUNCHER_VARIABLE, launcher.toString())).argv())
        .containsExactly(launcher.toString());
  }

  @Test
  void withoutAUsableLauncherThisJvmIsRecordedWithAbsolutePaths() throws Exception {
    Path notExecutable = Files.writeString(tmp.resolve("hbgen"), "");
    for (Map<String, String> env : List.of(Map.<String, String>of(),
        Map.of(HbgenExecutable.LAUNCHER_VARIABLE, "relative/hbgen"),
        Map.of(HbgenExecutable.LAUNCHER_VARIABLE, notExecutable.toString()))) {
      List<String> argv = HbgenExecutable.current(env).argv();
      assertThat(Path.of(argv.get(0))).isAbsolute().endsWith(Path.of("bin", "java"));
      assertThat(argv.get(argv.size() - 1)).as("a jar or the main class").matches(".*\\.jar|hbgen\\.cli\\.Main");
    }
  }

  @Test
  void aCommandHasAWord() {
    assertThatThrownBy(() -> new HbgenExecutable(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
