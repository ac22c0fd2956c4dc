package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.error.UsageError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {
  private static final Map<String, Object> SPACE = Map.of("launcher", "srun", "mem", "4G", "cpus", "2",
      "extra", List.of("--exclusive"));

  @Test
  void theCommandLineWinsOverTheSpaceFileSettingBySetting() {
    LauncherSettings given = new LauncherSettings(null, "gpu", null, null, "8G", null, null, null, null, null, null, null, null);
    Launcher l = given.over(SPACE, "s.yaml");
    assertThat(l.kind()).isEqualTo("srun");
    assertThat(l.arguments()).containsExactly("--partition=gpu", "--mem=8G", "--cpus-per-task=2", "--exclusive");
  }

  @Test
  void nothingGivenAndNothingInTheSpaceIsTheLocalLauncher() {
    assertThat(LauncherSettings.none().over(Map.of(), "s.yaml")).isEqualTo(Launcher.local());
  }

  @Test
  void aBadValueNamesTheSpaceKeyWhenItCameFromThereAndTheOptionOtherwise() {
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of("cpus", "0"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("s.yaml: slurm.cpus must be >= 1, was 0");
    LauncherSettings given = new LauncherSettings(null, null, null, null, null, 0, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> given.over(Map.of("cpus", "2"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("--slurm-cpus must be >= 1, was 0");
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of("memory", "4G"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessageStartingWith("s.yaml: slurm.memory is not a setting");
  }

  @Test
  void lsfOptionsWinOverTheSpacesLsfSectionAndBecomeBsubArguments() {
    LauncherSettings given = new LauncherSettings("bsub", null, null, null, null, null, null, null, null, null,
        new LsfSettings("gpu", null, null, "8GB", null, "2", null, "-m 'hostA hostB' -x"));
    Launcher l = given.over(Map.of(), Map.of("queue", "normal", "cpus", "4", "time", "1:30", "project", "hpo"), "s.yaml");
    assertThat(l.kind()).isEqualTo("bsub");
    assertThat(l.lsf().arguments()).containsExactly("-q", "gpu", "-n", "4", "-R", "rusage[mem=8GB]", "-gpu", "num=2",
        "-P", "hpo", "-m", "hostA hostB", "-x");
    assertThat(l.stageLimit(1)).isEqualTo("1:30");
    assertThat(l.manifest()).containsEntry("kind", "bsub").doesNotContainKey("slurm")
        .containsEntry("lsf", Map.of("queue", "gpu", "cpus", 4, "time", "1:30", "mem", "8GB", "gpus", "2", "project", "hpo",
            "extra", List.of("-m", "hostA hostB", "-x")));
  }

  @Test
  void lsfRunLimitsAreHourMinuteAndGrowWithTheBudget() {
    assertThat(Lsf.parseTime("--lsf-time", "90")).isEqualTo(90);
    assertThat(Lsf.parseTime("--lsf-time", "24:00")).isEqualTo(1440);
    assertThat(Lsf.formatTime(90)).isEqualTo("1:30");
    Lsf lsf = new Lsf(null, 30, 20, null, 0, null, null, List.of());
    assertThat(lsf.timeLimit(1)).isEqualTo("0:30");
    assertThat(lsf.timeLimit(4.5)).isEqualTo("1:30");
    assertThatThrownBy(() -> Lsf.parseTime("--lsf-time", "01:00:00")).hasMessage(
        "--lsf-time must be an LSF run limit [hour:]minute such as 90 or 24:00, was '01:00:00'");
  }

  @Test
  void aBadLsfValueNamesTheLsfKeyOrTheOption() {
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of(), Map.of("mem", "8 GB; rm"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("s.yaml: lsf.mem must be a memory amount such as 8000 or 8GB, was '8 GB; rm'");
    LauncherSettings given = new LauncherSettings(null, null, null, null, null, null, null, null, null, null,
        new LsfSettings("$(x)", null, null, null, null, null, null, null));
    assertThatThrownBy(() -> given.over(Map.of(), Map.of(), "s.yaml")).isInstanceOf(UsageError.class)
        .hasMessage("--lsf-queue must be a plain LSF name (letters, digits, _ . : + @ / -), was '$(x)'");
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of(), Map.of("partition", "x"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessageStartingWith("s.yaml: lsf.partition is not a setting");
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of(), Map.of("extra", "-x 'open"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("s.yaml: lsf.extra has an unclosed quote: -x 'open");
  }

  @Test
  void optionNamesFollowTheSpaceKeys() {
    assertThat(LauncherSettings.option("launcher")).isEqualTo("--launcher");
    assertThat(LauncherSettings.option("time_per_budget")).isEqualTo("--slurm-time-per-budget");
  }

  @Test
  void aSlurmTimeLimitBringsTheDefaultNoticeAndNoneTurnsItOff() {
    assertThat(LauncherSettings.none().over(Map.of("launcher", "sbatch", "time", "60"), "s.yaml").signal())
        .isEqualTo("USR1@120");
    assertThat(LauncherSettings.none().over(Map.of("launcher", "srun", "time_per_budget", "5"), "s.yaml").signal())
        .isEqualTo("USR1@120");
    assertThat(LauncherSettings.none().over(Map.of("launcher", "srun"), "s.yaml").signal()).isEmpty();
    assertThat(LauncherSettings.none().over(Map.of("time", "60"), "s.yaml").signal()).as("local launcher").isEmpty();
    assertThat(LauncherSettings.none().over(Map.of("launcher", "srun", "time", "60", "signal", "none"), "s.yaml").signal())
        .isEmpty();
  }

  @Test
  void signalAndRequeueComeFromTheSpaceOrTheCommandLineAndAreRecorded() {
    Launcher l = LauncherSettings.none().over(Map.of("launcher", "sbatch", "time", "60", "signal", "sigusr2@30",
        "requeue", 3), "s.yaml");
    assertThat(l.signal()).isEqualTo("USR2@30");
    assertThat(l.signalName()).isEqualTo("USR2");
    assertThat(l.signalSeconds()).isEqualTo(30);
    assertThat(l.requeue()).isEqualTo(3);
    assertThat(l.manifest()).isEqualTo(Map.of("kind", "sbatch", "slurm",
        Map.of("time", "01:00:00", "signal", "USR2@30", "requeue", 3)));
    LauncherSettings given = new LauncherSettings(null, null, null, null, null, null, null, null, null, null, "TERM",
        1, null);
    Launcher c = given.over(Map.of("launcher", "srun", "signal", "USR1@10", "requeue", 5), "s.yaml");
    assertThat(c.signal()).as("seconds default to 120").isEqualTo("TERM@120");
    assertThat(c.requeue()).isEqualTo(1);
  }

  @Test
  void badSignalsAndRequeuesNameTheirKeyOrOption() {
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of("launcher", "srun", "signal", "KILL@10"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessageStartingWith("s.yaml: slurm.signal must be SIG@SECONDS with SIG one of USR1");
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of("launcher", "srun", "signal", "USR1@0"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("s.yaml: slurm.signal seconds must be between 1 and 65535, was 'USR1@0'");
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of("launcher", "srun", "requeue", "-1"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("s.yaml: slurm.requeue must be between 0 and 1000, was -1");
    assertThatThrownBy(() -> LauncherSettings.none().over(Map.of("launcher", "srun", "requeue", "many"), "s.yaml"))
        .isInstanceOf(UsageError.class).hasMessage("s.yaml: slurm.requeue must be a whole number, was 'many'");
  }
}
