package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StartedMarkerTest {

  @Test
  void the_marker_run_sh_writes_is_read_field_by_field() {
    StartedMarker m = StartedMarker.parse(
        "time: 2026-11-23T04:40:54Z\nhost: vm\npid: 15498\nslurm_job_id: \nattempt: 2\nbudget: 1\n");

    assertThat(m).isEqualTo(new StartedMarker(Instant.parse("2026-11-23T04:40:54Z").getEpochSecond(), "vm", 15498, "",
        2));
    assertThat(m.launcher()).isEqualTo("pid 15498 on vm");
  }

  @Test
  void a_slurm_job_is_part_of_the_launcher() {
    StartedMarker m = StartedMarker.parse("time: x\nhost: node7.cluster\npid: 99\nslurm_job_id: 1234\n");

    assertThat(m.slurmJobId()).isEqualTo("1234");
    assertThat(m.epochSecond()).isEqualTo(-1);
    assertThat(m.launcher()).isEqualTo("pid 99 on node7.cluster, Slurm job 1234");
  }

  @Test
  void the_part_inside_an_lsf_job_adds_its_job_id() {
    StartedMarker m = StartedMarker.parse("time: 2026-11-23T04:40:54Z\nhost: node7\npid: 99\npid_start: 4242\n"
        + "slurm_job_id: \nattempt: 1\nbudget: 1\nlauncher_host: login1\nlauncher_pid: 15498\nlauncher_start: 4000\n"
        + "lsf_job_id: 5121\n");

    assertThat(m).isEqualTo(new StartedMarker(Instant.parse("2026-11-23T04:40:54Z").getEpochSecond(), "node7", 99, 4242,
        "", 1, "login1", 15498, 4000, "5121"));
    assertThat(m.launcher()).isEqualTo("pid 99 on node7, LSF job 5121, launched by pid 15498 on login1");
    assertThat(StartedMarker.parse("lsf_job_id: 12; rm\n").lsfJobId()).isEmpty();
  }

  @Test
  void the_part_inside_a_slurm_job_keeps_the_launcher_that_submitted_it() {
    StartedMarker m = StartedMarker.parse("time: 2026-11-23T04:40:54Z\nhost: node7\npid: 99\npid_start: 4242\n"
        + "slurm_job_id: 1234\nattempt: 1\nbudget: 1\nlauncher_host: login1\nlauncher_pid: 15498\nlauncher_start: 4000\n");

    assertThat(m).isEqualTo(new StartedMarker(Instant.parse("2026-11-23T04:40:54Z").getEpochSecond(), "node7", 99, 4242,
        "1234", 1, "login1", 15498, 4000));
    assertThat(m.separateLauncher()).isTrue();
    assertThat(m.launcher()).isEqualTo("pid 99 on node7, Slurm job 1234, launched by pid 15498 on login1");
  }

  @Test
  void a_local_launcher_is_its_own_launcher() {
    StartedMarker m = StartedMarker.parse("host: vm\npid: 7\npid_start: 5\nlauncher_host: vm\nlauncher_pid: 7\n"
        + "launcher_start: 5\n");

    assertThat(m.separateLauncher()).isFalse();
    assertThat(m.launcher()).isEqualTo("pid 7 on vm");
  }

  @Test
  void missing_or_malformed_fields_read_as_unknown() {
    StartedMarker m = StartedMarker.parse("pid: -3\nslurm_job_id: $(rm -rf /)\ngarbage\n");

    assertThat(m).isEqualTo(new StartedMarker(-1, "", -1, "", 0));
    assertThat(m.launcher()).isEmpty();
  }
}
