package hbgen.search;

import hbgen.status.SearchFixture;
import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.ProcessProbe.Verdict;
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
      // bash starts a child and then becomes sleep, which never reaps it. The child outlives the
      // exec by a second: one that exited before it would be reaped by bash itself.
      Process p = new ProcessBuilder("bash", "-c", "sleep 1 & echo $!; exec sleep 30").start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long zombie = Long.parseLong(out.readLine().strip());
        Path stat = Path.of("/proc/" + zombie + "/stat");
        for (int i = 0; i < 200 && !Files.readString(stat).contains(") Z"); i++) {
          Thread.sleep(50);
        }
        assertThat(Files.readString(stat)).as("the child became a zombie").contains(") Z");
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

    private StartedMarker lsfMarker(String host, long pid, String job) {
      return new StartedMarker(Instant.now().getEpochSecond(), host, pid, -1, "", 1, "login9", 1, -1, job);
    }

    @Test
    void bjobs_is_asked_once_for_all_lsf_jobs_pend_run_and_suspended_are_alive_done_exit_and_not_found_are_gone()
        throws IOException {
      // As LSF prints it: the found jobs on stdout, "Job <id> is not found" on stderr, exit 255.
      script("bjobs", "printf '61 RUN\\n62 PEND\\n63 SSUSP\\n64 DONE\\n65 EXIT\\n66 UNKWN\\n'; "
          + "echo 'Job <67> is not found' >&2; exit 255");

      List<Verdict> v = probe().check(List.of(lsfMarker("node7", 1, "61"), lsfMarker("node7", 1, "62"),
          lsfMarker("node7", 1, "63"), lsfMarker("node7", 1, "64"), lsfMarker("node7", 1, "65"),
          lsfMarker("node7", 1, "66"), lsfMarker("node7", 1, "67")));

      assertThat(v).containsExactly(
          new Verdict(Liveness.ALIVE, ""),
          new Verdict(Liveness.ALIVE, ""),
          new Verdict(Liveness.ALIVE, ""),
          new Verdict(Liveness.UNKNOWN, "started on login9, which this machine (" + HOST + ") cannot check; LSF job 64 ended: DONE"),
          new Verdict(Liveness.UNKNOWN, "started on login9, which this machine (" + HOST + ") cannot check; LSF job 65 ended: EXIT"),
          new Verdict(Liveness.UNKNOWN, "started on login9, which this machine (" + HOST + ") cannot check; LSF job 66 is UNKWN"),
          new Verdict(Liveness.UNKNOWN, "started on login9, which this machine (" + HOST + ") cannot check; LSF job 67 is gone"));
      assertThat(Files.readAllLines(bin.resolve("bjobs.calls"))).containsExactly("-noheader -o jobid stat 61 62 63 64 65 66 67");
    }

    @Test
    void an_lsf_job_whose_launcher_here_is_gone_is_gone_when_bjobs_does_not_find_it() throws IOException {
      script("bjobs", "echo 'Job <70> is not found' >&2; exit 255");
      long dead = SearchFixture.deadPid();
      StartedMarker m = new StartedMarker(Instant.now().getEpochSecond(), "node7", 5, -1, "", 1, HOST, dead, -1, "70");

      Verdict v = probe().check(List.of(m)).get(0);

      assertThat(v.liveness()).isEqualTo(Liveness.GONE);
      assertThat(v.reason()).isEqualTo("its launcher (pid " + dead + " on " + HOST + ") is gone; LSF job 70 is gone");
    }

    @Test
    void without_bjobs_an_lsf_job_is_unverified() {
      long dead = SearchFixture.deadPid();
      StartedMarker m = new StartedMarker(Instant.now().getEpochSecond(), "node7", 5, -1, "", 1, HOST, dead, -1, "71");

      Verdict v = probe().check(List.of(m)).get(0);

      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).endsWith("LSF job 71 cannot be checked (bjobs is not on PATH)");
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
    void a_marker_without_host_and_pid_is_unverified_and_says_why() {
      assertThat(probe().check(List.of(StartedMarker.parse("time: 2026-11-23T04:40:54Z\n")))).containsExactly(
          new Verdict(Liveness.UNKNOWN, "its started marker names no host and pid to check"));
    }

    @Test
    void with_neither_squeue_nor_sacct_the_job_is_unverified() {
      Verdict v = probe().check(List.of(marker("node7", 1, "17"))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("Slurm job 17 cannot be checked (squeue is not on PATH; sacct is not on PATH)");
    }
  }

  /** A /proc of our own: each case is a file the test writes, not a process it hopes to catch in a state. */
  @Nested
  class WithAProcFileSystemOfItsOwn {
    private static final long BOOT = 1_800_000_000L;
    private Path proc;

    private ProcessProbe probe() throws IOException {
      proc = Files.createDirectories(bin.resolve("proc"));
      Files.writeString(proc.resolve("stat"), "cpu  1 2 3\nbtime " + BOOT + "\nprocesses 9\n");
      return new ProcessProbe(HOST, bin.toString(), proc, 10);
    }

    /** Writes /proc/PID/stat: state and start time (field 22, clock ticks since boot); comm holds ") " on purpose. */
    private void process(long pid, char state, long startTicks) throws IOException {
      Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
      Files.writeString(dir.resolve("stat"), pid + " (run.sh) x) " + state + " 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "
          + startTicks + " 1000 200 18446744073709551615\n");
    }

    /** A marker written by run.sh's part inside Slurm job {@code job}, launched by {@code launcherPid} on this host. */
    private StartedMarker inJob(String host, long pid, String job, long launcherPid, long launcherStart) {
      return new StartedMarker(BOOT + 1000, host, pid, 777, job, 1, HOST, launcherPid, launcherStart);
    }

    private StartedMarker local(long pid, long start) {
      return new StartedMarker(BOOT + 1000, HOST, pid, start, "", 1, HOST, pid, start);
    }

    @Test
    void a_process_with_the_recorded_start_time_is_alive() throws IOException {
      ProcessProbe p = probe();
      process(100, 'S', 555);
      assertThat(p.check(List.of(local(100, 555)))).containsExactly(new Verdict(Liveness.ALIVE, ""));
      assertThat(p.process(100, 555)).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void a_missing_entry_is_gone() throws IOException {
      ProcessProbe p = probe();
      assertThat(p.check(List.of(local(101, 555)))).containsExactly(
          new Verdict(Liveness.GONE, "its launcher (pid 101 on " + HOST + ") is gone"));
    }

    @Test
    void a_zombie_is_gone() throws IOException {
      ProcessProbe p = probe();
      process(102, 'Z', 555);
      assertThat(p.check(List.of(local(102, 555))).get(0).liveness()).isEqualTo(Liveness.GONE);
      assertThat(p.process(102, -1)).isEqualTo(Liveness.GONE);
    }

    @Test
    void a_pid_that_a_process_started_at_another_time_holds_is_gone() throws IOException {
      ProcessProbe p = probe();
      process(103, 'R', 556);
      assertThat(p.check(List.of(local(103, 555)))).containsExactly(new Verdict(Liveness.GONE,
          "its launcher (pid 103 on " + HOST + ") is gone; the pid now belongs to a newer process"));
    }

    @Test
    void without_a_recorded_start_time_a_process_younger_than_the_marker_is_gone() throws IOException {
      ProcessProbe p = probe();
      process(104, 'S', 100 * 500); // 500 s after boot
      process(105, 'S', 100 * 2000); // 2000 s after boot, 1000 s after the marker
      assertThat(p.check(List.of(local(104, -1), local(105, -1))))
          .extracting(Verdict::liveness).containsExactly(Liveness.ALIVE, Liveness.GONE);
    }

    @Test
    void an_entry_that_cannot_be_read_is_unknown_never_gone() throws IOException {
      ProcessProbe p = probe();
      // Reading a directory fails with an I/O error other than "no such file", as EACCES does under hidepid.
      Files.createDirectories(proc.resolve("106").resolve("stat"));
      Verdict v = p.check(List.of(local(106, 555))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("its launcher (pid 106 on " + HOST + ") cannot be checked: "
          + proc.resolve("106/stat") + " cannot be read");
      assertThat(p.process(106, 555)).isEqualTo(Liveness.UNKNOWN);
    }

    @Test
    void an_srun_or_sbatch_launcher_still_waiting_keeps_a_trial_alive_after_its_job_ended() throws IOException {
      ProcessProbe p = probe();
      process(200, 'S', 555);
      script("squeue", "exit 0");
      script("sacct", "printf '31|COMPLETED\\n32|CANCELLED by 0\\n'");
      assertThat(p.check(List.of(inJob(HOST, 201, "31", 200, 555), inJob("node7", 9, "32", 200, 555))))
          .containsExactly(new Verdict(Liveness.ALIVE, ""), new Verdict(Liveness.ALIVE, ""));
      assertThat(bin.resolve("squeue.calls")).as("a live launcher needs no Slurm call").doesNotExist();
    }

    @Test
    void a_running_job_keeps_a_trial_alive_after_its_launcher_died() throws IOException {
      ProcessProbe p = probe();
      script("squeue", "printf '33 RUNNING\\n'");
      assertThat(p.check(List.of(inJob("node7", 9, "33", 200, 555)))).containsExactly(new Verdict(Liveness.ALIVE, ""));
    }

    @Test
    void a_trial_is_gone_when_its_launcher_and_its_job_are() throws IOException {
      ProcessProbe p = probe();
      process(200, 'S', 999); // the launcher's pid, reused
      script("squeue", "exit 0");
      script("sacct", "case \"$1\" in -c) printf '34|CANCELLED\\n' ;; *) exit 1 ;; esac");
      assertThat(p.check(List.of(inJob("node7", 9, "34", 200, 555)))).containsExactly(new Verdict(Liveness.GONE,
          "its launcher (pid 200 on " + HOST + ") is gone; the pid now belongs to a newer process; Slurm job 34 ended:"
              + " CANCELLED"));
      assertThat(Files.readAllLines(bin.resolve("sacct.calls"))).containsExactly(
          "-n -X -P -o JobIDRaw,State -j 34", "-c -n -X -P -o JobIDRaw,State -j 34");
    }

    @Test
    void a_dead_launcher_with_a_job_slurm_cannot_answer_for_is_unknown() throws IOException {
      ProcessProbe p = probe();
      Verdict v = p.check(List.of(inJob("node7", 9, "35", 200, 555))).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("its launcher (pid 200 on " + HOST + ") is gone; Slurm job 35 cannot be checked"
          + " (squeue is not on PATH; sacct is not on PATH)");
    }

    @Test
    void a_job_that_ended_is_unknown_while_its_launcher_on_another_host_cannot_be_checked() throws IOException {
      ProcessProbe p = probe();
      script("squeue", "exit 0");
      StartedMarker elsewhere = new StartedMarker(BOOT, "node7", 9, 1, "36", 1, "login2", 200, 555);
      Verdict v = p.check(List.of(elsewhere)).get(0);
      assertThat(v.liveness()).isEqualTo(Liveness.UNKNOWN);
      assertThat(v.reason()).isEqualTo("started on login2, which this machine (" + HOST + ") cannot check;"
          + " Slurm job 36 is gone");
    }

    @Test
    void with_the_job_s_host_here_and_slurm_silent_the_job_s_process_answers() throws IOException {
      ProcessProbe p = probe();
      process(202, 'S', 777);
      assertThat(p.check(List.of(inJob(HOST, 202, "37", 200, 555)))).containsExactly(new Verdict(Liveness.ALIVE, ""));
    }

    @Test
    void a_local_launcher_known_to_be_gone_is_gone_whatever_the_allocation_around_it_does() throws IOException {
      ProcessProbe p = probe();
      script("squeue", "printf '38 RUNNING\\n'");
      StartedMarker inAllocation = new StartedMarker(BOOT + 1000, HOST, 300, 555, "38", 1, HOST, 300, 555);
      assertThat(p.check(List.of(inAllocation)).get(0).liveness()).isEqualTo(Liveness.GONE);
      assertThat(bin.resolve("squeue.calls")).doesNotExist();
    }

    @Test
    void a_local_launcher_on_another_host_in_a_job_snakemake_submitted_is_what_its_job_is() throws IOException {
      ProcessProbe p = probe();
      script("squeue", "printf '39 RUNNING\\n40 COMPLETED\\n'");
      StartedMarker running = new StartedMarker(BOOT, "node7", 300, 555, "39", 1, "node7", 300, 555);
      StartedMarker ended = new StartedMarker(BOOT, "node7", 301, 555, "40", 1, "node7", 301, 555);
      assertThat(p.check(List.of(running, ended))).containsExactly(new Verdict(Liveness.ALIVE, ""),
          new Verdict(Liveness.GONE, "Slurm job 40 ended: COMPLETED"));
      assertThat(Files.readAllLines(bin.resolve("squeue.calls"))).containsExactly("-h -o %A %T -j 39,40");
    }
  }

  @Test
  void the_marker_run_sh_writes_is_alive_while_run_sh_runs_and_gone_after() throws Exception {
    Path search = bin.resolve("search");
    Path trainer = bin.resolve("wait.sh");
    // Waits until the test creates "go" beside the search, then reports 0.5.
    Files.writeString(trainer, "while [ ! -f \"$HB_ROOT/../go\" ]; do sleep 0.05; done; echo 0.5 > \"$HB_RESULT\"\n");
    hbgen.testing.Cli.Run g = hbgen.testing.Cli.run("generate", "1", "2", "-o", search.toString(), "--random-seed", "3",
        "--space", "src/test/resources/spaces/small.yaml", "--trainer", "bash " + trainer, "--maximize");
    assertThat(g.code()).as(g.err()).isZero();
    Process runSh = new ProcessBuilder("bash", search.resolve("run.sh").toString(), "bracket-0/stage-0/config-0", "1")
        .redirectErrorStream(true).redirectOutput(bin.resolve("run.out").toFile()).start();
    try {
      Path started = search.resolve("bracket-0/stage-0/config-0/started");
      for (int i = 0; i < 200 && !Files.exists(started); i++) {
        Thread.sleep(50);
      }
      StartedMarker m = StartedMarker.parse(Files.readString(started));
      ProcessProbe here = ProcessProbe.system();
      assertThat(m.pid()).isEqualTo(runSh.pid());
      assertThat(m.host()).isEqualTo(here.host());
      assertThat(m.pidStart()).isPositive();
      assertThat(List.of(m.launcherHost(), m.launcherPid(), m.launcherStart())).containsExactly(m.host(), m.pid(),
          m.pidStart());
      assertThat(m.separateLauncher()).isFalse();
      assertThat(here.check(List.of(m))).containsExactly(new Verdict(Liveness.ALIVE, ""));

      Files.writeString(bin.resolve("go"), "");
      assertThat(runSh.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(here.check(List.of(m)).get(0).liveness()).isEqualTo(Liveness.GONE);
    } finally {
      runSh.destroyForcibly();
    }
  }

  @Test
  void this_machine_s_name_is_what_hostname_prints() {
    assertThat(ProcessProbe.localHost()).isEqualTo(SearchFixture.hostname());
  }
}
