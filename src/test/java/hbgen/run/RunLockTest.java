package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.error.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path root;

  @Test
  void refusesASecondHolderAndNamesTheFirst() {
    try (RunLock first = RunLock.acquire(root)) {
      assertThatThrownBy(() -> RunLock.acquire(root)).isInstanceOf(RuntimeFailure.class)
          .hasMessage(root + ": another hbgen run (pid " + ProcessHandle.current().pid() + ") is using this search");
    }
  }

  @Test
  void canBeTakenAgainOnceReleased() {
    RunLock.acquire(root).close();
    RunLock.acquire(root).close();
    assertThat(root.resolve(RunLock.FILE)).exists();
  }

  @Test
  void leavesSnakemakesOwnLocksToSnakemakeWhenRunningIt() throws IOException {
    Files.createDirectories(root.resolve(".snakemake/locks"));
    Files.writeString(root.resolve(".snakemake/locks/0.input.lock"), "");
    try (RunLock lock = RunLock.acquireForSnakemake(root)) {
      Files.delete(root.resolve(".snakemake/locks/0.input.lock"));
      assertThatThrownBy(() -> RunLock.acquire(root)).hasMessageContaining("another hbgen run");
    }
  }

  @Test
  void refusesWhileSnakemakeHoldsItsLocks() throws IOException {
    Path locks = Files.createDirectories(root.resolve(".snakemake/locks"));
    RunLock.acquire(root).close();
    Files.writeString(locks.resolve("0.output.lock"), "");
    assertThatThrownBy(() -> RunLock.acquire(root))
        .hasMessage(root + ": Snakemake is using this search (" + locks + " is not empty); if no snakemake is running,"
            + " remove its stale lock with: snakemake --snakefile " + root.resolve("Snakefile") + " --unlock");
  }
}
