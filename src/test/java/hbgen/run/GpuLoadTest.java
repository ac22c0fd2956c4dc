package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuLoadTest {
  @Test
  void readsNvidiaSmisCsvWithoutHeaderOrUnits() {
    Map<Integer, GpuLoad> loads = GpuLoad.parse("0, 1024, 16384, 35\n1, 15000, 16000, 100\n");
    assertThat(loads).containsOnlyKeys(0, 1);
    assertThat(loads.get(0).memoryFraction()).isEqualTo(1024 / 16384.0);
    assertThat(loads.get(0).utilization()).isEqualTo(0.35);
    assertThat(loads.get(1).utilization()).isEqualTo(1.0);
  }

  @Test
  void readsAValueTheDriverCannotReportAsUnknown() {
    GpuLoad load = GpuLoad.parse("3, 100, 1000, [N/A]").get(3);
    assertThat(load.utilization()).isNaN();
    assertThat(load.memoryFraction()).isEqualTo(0.1);
  }

  @Test
  void namesTheLineItCannotRead() {
    assertThatThrownBy(() -> GpuLoad.parse("0, 1, 2\n"))
        .hasMessage("unexpected nvidia-smi line '0, 1, 2' (expected: index, memory.used, memory.total, utilization.gpu)");
    assertThatThrownBy(() -> GpuLoad.parse("0, 1, lots, 3"))
        .hasMessage("unexpected nvidia-smi value 'lots' in line '0, 1, lots, 3'");
  }
}
