package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GpuPolicyTest {
  @Test
  void parsesACommaSeparatedListInItsOrder() {
    assertThat(GpuPolicy.parseList("0,1, 2,7")).containsExactly(0, 1, 2, 7);
    assertThat(GpuPolicy.parseList("3")).containsExactly(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0,", ",1", "0,,1", "a", "-1", "1.5", "0;1", "0 1"})
  void rejectsAMalformedList(String text) {
    assertThatThrownBy(() -> GpuPolicy.parseList(text))
        .hasMessage("--gpus must be comma-separated GPU indices such as 0,1,3, was '" + text + "'");
  }

  @Test
  void rejectsAGpuListedTwice() {
    assertThatThrownBy(() -> GpuPolicy.parseList("0,1,0")).hasMessage("--gpus lists GPU 0 twice: '0,1,0'");
  }

  @Test
  void rejectsLimitsOutsideZeroToOne() {
    assertThatThrownBy(() -> new GpuPolicy(List.of(0), 1, 1.5, Double.NaN, 0))
        .hasMessage("--gpu-max-memory must be a fraction in (0, 1], was 1.5");
    assertThatThrownBy(() -> new GpuPolicy(List.of(0), 1, Double.NaN, 0, 0))
        .hasMessage("--gpu-max-load must be a fraction in (0, 1], was 0.0");
    assertThatThrownBy(() -> new GpuPolicy(List.of(0), 0, Double.NaN, Double.NaN, 0))
        .hasMessage("--jobs-per-gpu must be >= 1, was 0");
  }

  @Test
  void watchesTheLoadOnlyWithALimit() {
    assertThat(new GpuPolicy(List.of(0), 1, Double.NaN, Double.NaN, 0).watchesLoad()).isFalse();
    assertThat(new GpuPolicy(List.of(0), 1, Double.NaN, 0.5, 0).watchesLoad()).isTrue();
  }

  @Test
  void holdsGpusTimesJobsPerGpuTrials() {
    assertThat(new GpuPolicy(List.of(0, 1, 2), 2, Double.NaN, Double.NaN, 0).capacity()).isEqualTo(6);
  }
}
