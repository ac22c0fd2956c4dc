package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlurmPluginResourcesTest {
  private static Launcher launcher(String mem, String gpus, String qos, List<String> extra) {
    return new Launcher("local", "gpu", 0, 0, mem, 2, gpus, "proj", qos, extra, "", 0, 0, Lsf.none());
  }

  @Test
  void mapsEverySettingToThePluginsResourceNames() {
    SlurmPluginResources r = SlurmPluginResources.of(new Launcher("local", "gpu", 1800, 0, "8G", 4, "a100:2", "proj",
        "long", List.of("--mail-type=END"), "", 0, 0, Lsf.none()), Map.of("bracket-0/stage-0", 1800L));
    assertThat(r.resources()).containsExactly(Map.entry("slurm_partition", "gpu"), Map.entry("slurm_account", "proj"),
        Map.entry("runtime", 30L), Map.entry("mem_mb", 8192L), Map.entry("cpus_per_task", 4), Map.entry("gpu", 2),
        Map.entry("gpu_model", "a100"), Map.entry("qos", "long"), Map.entry("slurm_extra", "'--mail-type=END'"));
    assertThat(r.refused()).isEmpty();
    assertThat(r.location()).containsExactly(Map.entry("slurm_partition", "gpu"), Map.entry("slurm_account", "proj"));
    assertThat(r.trial()).doesNotContainKeys("slurm_partition", "slurm_account").hasSize(7);
  }

  static Stream<Arguments> memories() {
    return Stream.of(Arguments.of("4000", 4000L), Arguments.of("4000M", 4000L), Arguments.of("8G", 8192L),
        Arguments.of("8gb", 8192L), Arguments.of("1T", 1048576L), Arguments.of("2048K", 2L), Arguments.of("1K", 1L));
  }

  /** Slurm's --mem counts in MiB and its suffixes in 1024s (sbatch(1)); the plugin's mem_mb is --mem's number. */
  @ParameterizedTest
  @MethodSource("memories")
  void memoryBecomesMegabytesAsSbatchReadsIt(String mem, long mb) {
    assertThat(SlurmPluginResources.of(launcher(mem, null, null, List.of()), Map.of()).resources())
        .containsEntry("mem_mb", mb).doesNotContainKey("mem");
  }

  @Test
  void gpusAsCountModelAndCountOrGres() {
    assertThat(SlurmPluginResources.of(launcher(null, "3", null, List.of()), Map.of()).resources())
        .containsEntry("gpu", 3).doesNotContainKeys("gpu_model", "gres");
    assertThat(SlurmPluginResources.of(launcher(null, "h100.80gb:1", null, List.of()), Map.of()).resources())
        .containsEntry("gpu", 1).containsEntry("gpu_model", "h100.80gb");
    assertThat(SlurmPluginResources.of(launcher(null, "a100:1,v100:2", null, List.of()), Map.of()).resources())
        .containsEntry("gres", "gpu:a100:1,v100:2").doesNotContainKey("gpu");
  }

  @Test
  void extraOptionsWithAResourceOfTheirOwnBecomeThatResource() {
    SlurmPluginResources r = SlurmPluginResources.of(launcher(null, null, null,
        List.of("--constraint=ib&v100", "--qos", "short", "--exclusive", "--gres=tmpspace:10G", "-M", "c2")), Map.of());
    assertThat(r.resources()).containsEntry("constraint", "ib&v100").containsEntry("qos", "short")
        .containsEntry("gres", "tmpspace:10G").containsEntry("clusters", "c2").containsEntry("slurm_extra", "'--exclusive'");
    assertThat(r.refused()).isEmpty();
  }

  @Test
  void optionsThePluginSetsItselfStayInSlurmExtraAndAreNamed() {
    SlurmPluginResources r = SlurmPluginResources.of(launcher(null, null, "long", List.of("--qos=other", "--comment=two words",
        "-t", "5", "--it's")), Map.of());
    assertThat(r.resources()).containsEntry("qos", "long")
        .containsEntry("slurm_extra", "'--qos=other' '--comment=two words' '-t' '5' '--it'\\''s'");
    assertThat(r.refused()).containsExactly("--comment", "--qos", "-t");
  }

  @Test
  void nothingSetMeansNoResources() {
    SlurmPluginResources r = SlurmPluginResources.of(Launcher.local(), Map.of("bracket-0/stage-0", 0L));
    assertThat(r.resources()).isEmpty();
    assertThat(r.refused()).isEmpty();
  }

  @Test
  void runtimeIsMinutesRoundedUpOrAnExpressionPickingTheStage() {
    assertThat(SlurmPluginResources.runtime(Map.of("bracket-0/stage-0", 61L, "bracket-1/stage-0", 120L))).isEqualTo(2L);
    Map<String, Long> stages = new LinkedHashMap<>();
    stages.put("bracket-0/stage-0", 600L);
    stages.put("bracket-0/stage-1", 1800L);
    assertThat(SlurmPluginResources.runtime(stages)).isEqualTo(
        "{\"bracket-0/stage-0\": 10, \"bracket-0/stage-1\": 30}.get(\"/\".join(str(input[0]).split(\"/\")[:2]), 30)");
    assertThat(SlurmPluginResources.runtime(Map.of("bracket-0/stage-0", 0L))).isNull();
  }
}
