package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.status.ProcessProbe.Verdict;
import hbgen.trial.TrialState.Liveness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProcessProbeTest {
  private static final String HOST = "login1.cluster.example";

  @TempDir Path bin;

  private ProcessProbe probe() {
    return new ProcessProbe(HOST, bin.toString(), Path.of("/proc"), 10);
  }

  private static StartedMarker marker(String host, long pid, String job) {
    return new StartedMarker(Instant.now().getEpochSecond(), host, pid, job, 1);
  }

  private void script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + bin.resolve(name + ".calls") + "'\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Nested
  class OnTheLauncherSHost {
    @Test
    void a_live_pid_is_alive() {
      assertThat(probe().check(List.of(marker(HOST, ProcessHandle.current().pid(), ""))))
          .containsExactly(new Verdict(Liveness.ALIVE, ""));
    }

    @Test
    void a_pid_that_is_gone_is_gone_even_with_a_slurm_job_id() {
      long dead = SearchFixture.deadPid();
      Verdict v = probe().check(List.of(marker(HOST, dead, "17"))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.GONE);
      assertThat(v.reason()).isEqualTo("its launcher (pid " + dead + " on " + HOST + ") is gone");
    }

    @Test
    void a_zombie_is_gone() throws Exception {
      // bash starts a child that exits at once and then becomes sleep, which never reaps it.
      Process p = new ProcessBuilder("bash", "-c", "sleep 0 & echo $!; exec sleep 30").start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long zombie = Long.parseLong(out.readLine().strip());
        for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/" + zombie + "/stat")).contains(") Z"); i++) {
          Thread.sleep(50);
        }
        assertThat(probe().check(List.of(marker(HOST, zombie, ""))).get(0).liveness()).isEqualTo(Liveness.GONE);
      } finally {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }

    @Test
    void a_pid_now_held_by_a_process_younger_than_the_marker_is_gone() {
      StartedMarker old = new StartedMarker(Instant.now().minusSeconds(30 * 86_400).getEpochSecond(), HOST,
          ProcessHandle.current().pid(), "", 1);
      Verdict v = probe().check(List.of(old)).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.GONE);
      assertThat(v.reason()).endsWith("the pid now belongs to a newer process");
    }

    @Test
    void short_and_full_host_names_name_the_same_machine() {
      assertThat(probe().check(List.of(marker("login1", ProcessHandle.current().pid(), ""))).get(0).liveness())
          .isEqualTo(Liveness.ALIVE);
      assertThat(ProcessProbe.sameHost("LOGIN1.cluster.example", "login1")).isTrue();
      assertThat(ProcessProbe.sameHost("login1.a", "login1.b")).isTrue();
      assertThat(ProcessProbe.sameHost("login10", "login1")).isFalse();
      assertThat(ProcessProbe.sameHost("", "")).isFalse();
    }

    @Test
    void without_a_proc_file_system_the_jdk_s_process_handles_answer() {
      ProcessProbe p = new ProcessProbe(HOST, "", bin.resolve("no-proc"), 10);
      assertThat(p.check(List.of(marker(HOST, ProcessHandle.current().pid(), ""),
          marker(HOST, SearchFixture.deadPid(), ""))))
          .extracting(Verdict::liveness).containsExactly(Liveness.ALIVE, Liveness.GONE);
    }
  }

  @Nested
  class OnAnotherHost {
    @Test
    void without_a_slurm_job_nothing_can_tell_and_the_reason_says_so() {
      Verdict v = probe().check(List.of(marker("node7", 42, ""))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("started on node7, which this machine (" + HOST + ") cannot check");
    }

    @Test
    void squeue_is_asked_once_for_all_jobs_and_a_job_it_does_not_list_is_gone_with_sacct_s_state()
        throws IOException {
      script("squeue", "printf '17 RUNNING\\n18 PENDING\\n'");
      script("sacct", "printf '19|TIMEOUT\\n20|CANCELLED by 1000\\n'");

      List<Verdict> v = probe().check(List.of(marker("node7", 1, "17"), marker("node8", 1, "18"),
          marker("node7", 1, "19"), marker("node9", 1, "20"), marker("node9", 1, "21"), marker("node7", 2, "17")));

      assertThat(v).containsExactly(
          new Verdict(Liveness.ALIVE, ""),
          new Verdict(Liveness.ALIVE, ""),
          new Verdict(Liveness.GONE, "Slurm job 19 ended: TIMEOUT"),
          new Verdict(Liveness.GONE, "Slurm job 20 ended: CANCELLED"),
          new Verdict(Liveness.GONE, "Slurm job 21 is gone"),
          new Verdict(Liveness.ALIVE, ""));
      assertThat(Files.readAllLines(bin.resolve("squeue.calls"))).containsExactly("-h -o %A %T -j 17,18,19,20,21");
      assertThat(Files.readAllLines(bin.resolve("sacct.calls"))).containsExactly(
          "-n -X -P -o JobIDRaw,State -j 19,20,21");
    }

    @Test
    void a_single_job_squeue_calls_invalid_is_gone() throws IOException {
      script("squeue", "echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1");

      assertThat(probe().check(List.of(marker("node7", 1, "5")))).containsExactly(
          new Verdict(Liveness.GONE, "Slurm job 5 is gone"));
    }

    @Test
    void with_only_sacct_its_state_decides() throws IOException {
      script("sacct", "printf '21|RUNNING\\n22|COMPLETED\\n'");

      assertThat(probe().check(List.of(marker("n", 1, "21"), marker("n", 1, "22"))))
          .extracting(Verdict::liveness).containsExactly(Liveness.ALIVE, Liveness.GONE);
    }

    @Test
    void when_slurm_cannot_answer_the_job_is_unverified_with_what_went_wrong() throws IOException {
      script("squeue", "echo 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)' >&2; exit 1");

      Verdict v = probe().check(List.of(marker("node7", 1, "17"))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("Slurm job 17 cannot be checked (squeue failed (exit 1): slurm_load_jobs error:"
          + " Unable to contact slurm controller (connect failure); sacct is not on PATH)");
    }

    @Test
    void with_neither_squeue_nor_sacct_the_job_is_unverified() {
      Verdict v = probe().check(List.of(marker("node7", 1, "17"))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("Slurm job 17 cannot be checked (squeue is not on PATH; sacct is not on PATH)");
    }
  }

  @Test
  void this_machine_s_name_is_what_hostname_prints() {
    assertThat(ProcessProbe.localHost()).isEqualTo(SearchFixture.hostname());
  }
}
