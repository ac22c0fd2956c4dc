package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.ProcessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurvivorsTest {
  private static final String TRIAL = "bracket-0/stage-0/config-1";

  @TempDir Path root;
  private Process runSh;
  private Path dir;

  /** A stand-in for a run.sh left running by a killed engine: its own session, the trial in argv. */
  @BeforeEach
  void survivor() throws IOException {
    Files.writeString(root.resolve("run.sh"), "sleep 30\n");
    dir = Files.createDirectories(root.resolve(TRIAL));
    ProcessBuilder pb = new ProcessBuilder("setsid", "bash", root.resolve("run.sh").toString(), TRIAL, "1");
    pb.environment().put("HB_GPU", "3");
    runSh = pb.start();
    Files.writeString(dir.resolve("started"), "time: now\nhost: " + ProcessProbe.system().host() + "\npid: " + runSh.pid() + "\nattempt: 1\n");
  }

  @AfterEach
  void stop() {
    runSh.destroyForcibly();
  }

  @Test
  void findsTheRunShStillRunningATrial() throws Exception {
    // setsid makes its process a group leader just before it execs bash
    TestSearch.until(10, "setsid to run bash", () -> runSh.info().command().orElse("").endsWith("bash"));
    assertThat(Survivors.pid(root, dir, TRIAL)).isEqualTo(OptionalLong.of(runSh.pid()));
    assertThat(Survivors.leadsGroup(runSh.pid())).isTrue();
    assertThat(Survivors.gpu(runSh.pid())).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void adoptsTheLauncherThatWaitsForASlurmJobNotTheJobsProcess() throws Exception {
    TestSearch.until(10, "setsid to run bash", () -> runSh.info().command().orElse("").endsWith("bash"));
    String host = ProcessProbe.system().host();
    // The part of run.sh inside the job rewrote the marker with its own pid; the launcher lines stay.
    Files.writeString(dir.resolve("started"), "time: now\nhost: node7\npid: 4242\nslurm_job_id: 17\nattempt: 1\n"
        + "launcher_host: " + host + "\nlauncher_pid: " + runSh.pid() + "\nlauncher_start: " + startTicks(runSh.pid())
        + "\n");
    assertThat(Survivors.pid(root, dir, TRIAL)).isEqualTo(OptionalLong.of(runSh.pid()));
  }

  @Test
  void ignoresALauncherPidThatAProcessStartedAtAnotherTimeNowHolds() throws Exception {
    TestSearch.until(10, "setsid to run bash", () -> runSh.info().command().orElse("").endsWith("bash"));
    String host = ProcessProbe.system().host();
    Files.writeString(dir.resolve("started"), "host: " + host + "\npid: " + runSh.pid() + "\npid_start: "
        + (startTicks(runSh.pid()) + 1) + "\nlauncher_host: " + host + "\nlauncher_pid: " + runSh.pid()
        + "\nlauncher_start: " + (startTicks(runSh.pid()) + 1) + "\n");
    assertThat(Survivors.pid(root, dir, TRIAL)).isEmpty();
  }

  /** Field 22 of /proc/PID/stat, as run.sh records it. */
  private static long startTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
  }

  @Test
  void ignoresALiveProcessThatIsNotThisTrialsRunSh() throws IOException {
    assertThat(Survivors.pid(root, dir, "bracket-0/stage-0/config-2")).isEmpty();
    Path other = Files.createDirectories(root.resolve("elsewhere"));
    Files.writeString(other.resolve("run.sh"), "");
    assertThat(Survivors.pid(other, dir, TRIAL)).isEmpty();
    Files.writeString(dir.resolve("started"), "pid: " + ProcessHandle.current().pid() + "\n");
    assertThat(Survivors.pid(root, dir, TRIAL)).isEmpty();
  }

  @Test
  void seesAnEndedProcessAsGone() throws Exception {
    runSh.destroyForcibly();
    runSh.waitFor();
    assertThat(Survivors.alive(runSh.pid())).isFalse();
    assertThat(Survivors.pid(root, dir, TRIAL)).isEmpty();
  }

  @Test
  void findsNothingWithoutAStartedMarker() throws IOException {
    Files.delete(dir.resolve("started"));
    assertThat(Survivors.pid(root, dir, TRIAL)).isEmpty();
  }
}
