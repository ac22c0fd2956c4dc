package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialLauncherTest {
  private static final TrialId ID = new TrialId(1, 2, 3);

  @TempDir Path root;

  /** A run.sh that reports its arguments, environment and process group, and complains on stderr. */
  @BeforeEach
  void runSh() throws IOException {
    Files.writeString(root.resolve("run.sh"), """
        echo "args: $*"
        echo "gpu: ${CUDA_VISIBLE_DEVICES-unset} ${HB_GPU-unset} ${CUDA_DEVICE_ORDER-unset}"
        echo "pgid: $(ps -o pgid= -p $$ | tr -d ' ') pid: $$"
        echo "run.sh: something went wrong" >&2
        """);
  }

  private String runAndReadLog(TrialLauncher launcher, OptionalInt gpu) throws Exception {
    Path log = root.resolve(ID.path()).resolve("log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "earlier attempt\n");
    Process p = launcher.start(ID, "2.5", gpu);
    assertThat(p.waitFor()).isZero();
    return Files.readString(log);
  }

  @Test
  void runsRunShWithTheTrialAndBudgetAndAppendsItsOutputToTheLog() throws Exception {
    String log = runAndReadLog(new TrialLauncher(root, TrialLauncher.findSetsid()), OptionalInt.empty());
    assertThat(log).startsWith("earlier attempt\nargs: bracket-1/stage-2/config-3 2.5\n")
        .contains("run.sh: something went wrong");
  }

  @Test
  void startsEachTrialAsTheLeaderOfItsOwnProcessGroup() throws Exception {
    String log = runAndReadLog(new TrialLauncher(root, TrialLauncher.findSetsid()), OptionalInt.empty());
    String line = log.lines().filter(l -> l.startsWith("pgid: ")).findFirst().orElseThrow();
    String[] f = line.split(" ");
    assertThat(f[1]).isEqualTo(f[3]);
  }

  @Test
  void givesATrialOneGpu() throws Exception {
    String log = runAndReadLog(new TrialLauncher(root, TrialLauncher.findSetsid()), OptionalInt.of(7));
    assertThat(log).contains("gpu: 7 7 PCI_BUS_ID\n");
  }

  @Test
  void leavesTheEnvironmentAloneWithoutAGpu() throws Exception {
    String log = runAndReadLog(new TrialLauncher(root, null), OptionalInt.empty());
    assertThat(log).containsPattern("gpu: (unset|\\S+) unset ");
  }
}
