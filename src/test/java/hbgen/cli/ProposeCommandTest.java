package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code hbgen propose} and the options of the bohb sampler. */
class ProposeCommandTest {
  static final String TRAINER = "bash -c 'echo 0.$((HB_SEED % 97)) > $HB_RESULT'";

  @TempDir Path tmp;

  Path bohb(String... extra) {
    Path search = tmp.resolve("s");
    List<String> args = new java.util.ArrayList<>(List.of("generate", "2", "3", "-o", search.toString(),
        "--random-seed", "3", "--space", "src/test/resources/spaces/small.yaml", "--trainer", TRAINER,
        "--sampler", "bohb"));
    args.addAll(List.of(extra));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return search;
  }

  @Test
  void generateWritesNoStageZeroConfigurationAndRecordsTheSamplerAndBatch() throws Exception {
    Path search = bohb("--batch", "4");
    Map<String, Object> manifest = new Yaml().load(Files.readString(search.resolve("hbgen.yaml")));
    assertThat(manifest.get("sampler")).isEqualTo(Map.of("name", "bohb", "batch", 4));
    assertThat(search.resolve("bracket-0/stage-0/config-0")).doesNotExist();
    Cli.Run st = Cli.run("status", search.toString(), "--json");
    assertThat(st.out()).contains("\"unproposed\": 17");
    Cli.Run text = Cli.run("status", search.toString());
    assertThat(text.out()).contains("17 not proposed yet").contains("~ not proposed yet");
    Cli.Run results = Cli.run("results", search.toString(), "--state", "unproposed", "--format", "tsv");
    assertThat(results.code()).as(results.err()).isZero();
    assertThat(results.out().lines().count()).isEqualTo(1 + 17);
  }

  @Test
  void theFirstBatchesAreDrawnFromThePriorAndWrittenTheSameWayTwice() throws Exception {
    Path search = bohb("--batch", "4");
    Cli.Run r = Cli.run("propose", search.toString(), "0", "0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Proposed 4 configurations for bracket 0, batch 0, from 0 results"
        + " (no budget has enough for a model yet: drawn from the prior).\n");
    Path record = search.resolve("bracket-0/stage-0/proposal-0.yaml");
    String text = Files.readString(record);
    assertThat(text).contains("seen_trials: 0\n", "model_budget: null\n",
        "- {trial: bracket-0/stage-0/config-3, from: prior, params: {\"beta\": ");
    String config = Files.readString(search.resolve("bracket-0/stage-0/config-3/config"));
    assertThat(config).contains("\"lr\": ", "\"seed\": ");
    Files.delete(record);
    assertThat(Cli.run("propose", search.toString(), "0", "0").code()).isZero();
    assertThat(Files.readString(record)).isEqualTo(text);
    assertThat(Files.readString(search.resolve("bracket-0/stage-0/config-3/config"))).isEqualTo(config);
    assertThat(Cli.run("status", search.toString(), "--json").out()).contains("\"pending\": 4");
  }

  @Test
  void aBatchWhoseInputsHaveNotFinishedIsNotProposed() {
    Path search = bohb("--batch", "4");
    assertThat(Cli.run("propose", search.toString(), "0", "0").code()).isZero();
    assertThat(Cli.run("propose", search.toString(), "0", "1").code()).isZero();
    Cli.Run r = Cli.run("propose", search.toString(), "0", "2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("hbgen: bracket-0/stage-0/proposal-2.yaml: waits for bracket-0/stage-0/config-0,"
        + " which is pending; the batch is proposed once it has finished\n");
    assertThat(search.resolve("bracket-0/stage-0/proposal-2.yaml")).doesNotExist();
    assertThat(search.resolve("bracket-0/stage-0/config-8")).doesNotExist();
  }

  @Test
  void badArgumentsAndOptionsAreUsageErrors() {
    Path search = bohb();
    Cli.Run b = Cli.run("propose", search.toString(), "0", "9");
    assertThat(b.code()).isEqualTo(2);
    assertThat(b.err()).isEqualTo("hbgen: BATCH: bracket 0 has batches 0 to 1, was 9\n");
    assertThat(Cli.run("propose", search.toString(), "7", "0").err()).isEqualTo("hbgen: BRACKET: the search has no bracket 7\n");

    Path random = tmp.resolve("r");
    assertThat(Cli.run("generate", "1", "3", "-o", random.toString(), "--random-seed", "3").code()).isZero();
    Cli.Run p = Cli.run("propose", random.toString(), "0", "0");
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("draws its configurations when it is written (sampler random); nothing to propose");

    Cli.Run batchAlone = Cli.run("generate", "1", "3", "--batch", "4");
    assertThat(batchAlone.code()).isEqualTo(2);
    assertThat(batchAlone.err()).isEqualTo("hbgen: --batch is for --sampler bohb (random draws every configuration"
        + " when the search is written)\n");
    Cli.Run sampler = Cli.run("generate", "1", "3", "--sampler", "tpe");
    assertThat(sampler.code()).isEqualTo(2);
    assertThat(sampler.err()).isEqualTo("hbgen: --sampler must be random or bohb, was 'tpe'\n");
    Cli.Run zero = Cli.run("generate", "1", "3", "--sampler", "bohb", "--batch", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("hbgen: --batch must be >= 1, was 0\n");
    Cli.Run dup = Cli.run("generate", "1", "3", "--sampler", "bohb", "--allow-duplicates");
    assertThat(dup.code()).isEqualTo(2);
    assertThat(dup.err()).contains("--allow-duplicates is for random draws");
    assertThat(Cli.run("random", "4", "--sampler", "bohb").code()).isEqualTo(2);
    assertThat(tmp.resolve("nothing")).doesNotExist();
  }

  @Test
  void theDefaultBatchIsEightAndGenerateFromWritesTheSameSearch() throws Exception {
    Path search = bohb();
    assertThat(Files.readString(search.resolve("hbgen.yaml"))).contains("  batch: 8\n  name: bohb\n");
    Path again = tmp.resolve("again");
    Cli.Run r = Cli.run("generate", "--from", search.resolve("hbgen.yaml").toString(), "-o", again.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(again.resolve("Snakefile"))).isEqualTo(Files.readString(search.resolve("Snakefile")));
    assertThat(Files.readString(again.resolve("hbgen.yaml"))).contains("  batch: 8\n  name: bohb\n");
  }
}
