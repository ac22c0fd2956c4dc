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
