package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Snakemake 8+ profiles against what can run here (Debian's Snakemake 7.21; Snakemake 8 and its
 * plugins need PyPI): the per-stage runtime expression of config.v8+.yaml evaluated by Snakemake's
 * own resource evaluator (the same {@code input}, {@code threads}, {@code attempt} names in 7.x
 * --default-resources and 8.x profiles), the 7.x profile still working next to it, and the
 * cluster-generic profile submitting exactly as the 7.x one.
 */
@Tag("engine")
class ProfileV8Test {
  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(Path file) throws Exception {
    return (Map<String, Object>) new Yaml().load(Files.readString(file));
  }

  @Test
  @SuppressWarnings("unchecked")
  void snakemakeEvaluatesThePerStageRuntimeToEachStagesLimit() throws Exception {
    String snakemake = Engines.require("snakemake");
    Path search = tmp.resolve("s");
    Cli.Run gen = Cli.run("generate", "1", "2", "-o", search.toString(), "--random-seed", "3",
        "--slurm-time", "00:30:00", "--slurm-time-per-budget", "00:20:00", "--slurm-partition", "debug");
    assertThat(gen.code()).as(gen.err()).isZero();
    Map<String, Object> v8 = yaml(search.resolve("profile/config.v8+.yaml"));
    assertThat(v8).containsEntry("executor", "slurm");
    assertThat((Map<String, Object>) v8.get("default-resources")).containsEntry("slurm_partition", "debug");
    String runtime = (String) ((Map<String, Map<String, Object>>) v8.get("set-resources")).get("train").get("runtime");

    Engines.Result dry = Engines.exec(search, 120, snakemake, "-n", "-j", "1", "--default-resources", "runtime=" + runtime);
    assertThat(dry.code()).as(dry.output()).isZero();
    Map<String, Integer> byStage = new TreeMap<>();
    Matcher m = Pattern.compile("rule train:\\n\\s+input: (bracket-\\d+/stage-\\d+)/[^\\n]*\\n(?:[^\\n]*\\n)*?\\s+resources: [^\\n]*runtime=(\\d+)")
        .matcher(dry.output());
    while (m.find()) {
      byStage.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    // budgets 1 and 2 at 20 minutes per unit, 30 minutes at least
    assertThat(byStage).as(dry.output()).isEqualTo(Map.of("bracket-0/stage-0", 30, "bracket-0/stage-1", 40,
        "bracket-1/stage-0", 40));

    Engines.Result seven = Engines.exec(search, 120, snakemake, "-n", "-q", "--profile", "profile");
    assertThat(seven.code()).as("Snakemake 7 reads profile/config.yaml next to config.v8+.yaml: " + seven.output()).isZero();
  }

  @Test
  void theClusterGenericProfileSubmitsAsTheSnakemake7One() throws Exception {
    Path search = tmp.resolve("g");
    Cli.Run gen = Cli.run("generate", "1", "2", "-o", search.toString(), "--random-seed", "3", "--slurm-time", "01:00:00",
        "--slurm-mem", "4G", "--slurm-extra", "--constraint='a b' --exclusive");
    assertThat(gen.code()).as(gen.err()).isZero();
    Map<String, Object> seven = yaml(search.resolve("profile/config.yaml"));
    Map<String, Object> generic = yaml(search.resolve("profile-cluster-generic/config.v8+.yaml"));
    assertThat(generic).containsEntry("executor", "cluster-generic")
        .containsEntry("cluster-generic-submit-cmd", seven.get("cluster"))
        .containsEntry("cluster-generic-status-cmd", seven.get("cluster-status"))
        .containsEntry("cluster-generic-cancel-cmd", seven.get("cluster-cancel"));
    for (String key : List.of("jobs", "latency-wait", "max-status-checks-per-second", "rerun-incomplete")) {
      assertThat(generic.get(key)).as(key).isEqualTo(seven.get(key));
    }
    assertThat((String) generic.get("cluster-generic-submit-cmd")).contains(" --time=01:00:00 ")
        .contains("'--constraint=a b'");
  }
}
