package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launchers of one trial (an engine started again while a launcher of a killed one still
 * runs, unseen): the second waits for the first instead of racing it for the trial's files, and
 * runs the trainer only when the first left no result.
 */
class OneLauncherPerTrialTest {
  static final String TRIAL = "bracket-0/stage-0/config-2";

  /** Counts its calls; while the file {@code hold} exists it waits between the two halves of its result. */
  static final String TRAINER = """
      #!/usr/bin/env bash
      here=$(dirname "$0")
      echo "call" >> "$here/calls"
      printf '4.' > "$HB_RESULT"
      while [[ -f $here/hold ]]; do sleep 0.02; done
      printf '25\\n' >> "$HB_RESULT"
      """;

  @TempDir Path tmp;

  private Path trainerDir;
  private Path root;

  @BeforeEach
  void search() throws IOException {
    trainerDir = tmp.resolve("trainer");
    root = TestSearch.generate(tmp.resolve("s"), "1", "3", "--trainer",
        TestSearch.trainer(trainerDir, "train.sh", TRAINER));
    Files.writeString(trainerDir.resolve("hold"), "");
  }

  private Process launch(String name) throws IOException {
    return new ProcessBuilder("setsid", "bash", root.resolve("run.sh").toString(), TRIAL, "1")
        .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
  }

  /** Waits until the second launcher waits for the trial's lock. */
  private static void untilWaiting(Process second) throws Exception {
    TestSearch.until(60, "the second launcher waiting for the first", () -> second.toHandle().children()
        .anyMatch(c -> c.info().commandLine().orElse("").matches(".*flock 9")));
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(trainerDir.resolve("calls"));
  }

  @Test
  void theSecondLauncherWaitsAndDoesNotRunATrialTheFirstFinished() throws Exception {
    Process first = launch("first");
    TestSearch.until(60, "the first trainer", () -> Files.exists(trainerDir.resolve("calls")));
    Process second = launch("second");
    untilWaiting(second);
    Files.delete(trainerDir.resolve("hold"));
    assertThat(first.waitFor()).isZero();
    assertThat(second.waitFor()).isZero();
    assertThat(calls()).hasSize(1);
    assertThat(root.resolve(TRIAL).resolve("result")).hasContent("4.25");
    assertThat(root.resolve(TRIAL).resolve("log")).content().contains("another launcher of this trial finished it");
    assertThat(Files.readAllLines(root.resolve("results.tsv"))).hasSize(2);
  }

  @Test
  void theSecondLauncherRunsTheTrialWhenTheFirstWasKilled() throws Exception {
    Process first = launch("first");
    TestSearch.until(60, "the first trainer", () -> Files.exists(trainerDir.resolve("calls")));
    Process second = launch("second");
    untilWaiting(second);
    new ProcessBuilder("kill", "-KILL", "--", "-" + first.pid()).start().waitFor();
    first.waitFor();
    TestSearch.until(60, "the second trainer", () -> calls().size() == 2);
    Files.delete(trainerDir.resolve("hold"));
    assertThat(second.waitFor()).isZero();
    assertThat(root.resolve(TRIAL).resolve("result")).hasContent("4.25");
    assertThat(Files.readAllLines(root.resolve("results.tsv"))).hasSize(2);
  }
}
