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
}
