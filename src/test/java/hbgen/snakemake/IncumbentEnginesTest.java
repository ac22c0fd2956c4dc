package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 14, done-when 1: on a search where a budget-1 trial holds the best value, both engines
 * name the best trial at the top budget, or with {@code --incumbent all} the budget-1 trial, and
 * {@code hbgen best} and {@code hbgen status --json} agree with them.
 */
@Tag("engine")
class IncumbentEnginesTest {
  /** Budget 1 reports a loss below 0.1, the top budget (3) one above 1: a lucky low-budget trial. */
  static final String LUCKY_LOW_BUDGET = """
      #!/usr/bin/env bash
      if [ "$2" = 1 ]; then v="0.0$(( HB_SEED % 10 ))"; else v="1.$(( HB_SEED % 90 + 10 ))"; fi
      printf 'loss: %s\\n' "$v" > "$HB_RESULT"
      """;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"top-budget", "all"})
  void bothEnginesNameTheSameBestUnderTheSearchsRule(String rule) throws Exception {
    Engines.require("snakemake");
    String trainer = TestSearch.trainer(tmp.resolve("trainer"), "train.sh", LUCKY_LOW_BUDGET);
    String[] args = {"1", "3", "--objective", "loss", "--trainer", trainer, "--incumbent", rule};
    Path embedded = TestSearch.generate(tmp.resolve("embedded"), args);
    Path snakemake = TestSearch.generate(tmp.resolve("snakemake"), args);

    Cli.Run run = Cli.run("run", embedded.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Engines.Result sm = Engines.exec(Files.createDirectories(tmp.resolve("elsewhere")), 600, "snakemake",
        "--snakefile", snakemake.resolve("Snakefile").toString(), "-j", "2");
    assertThat(sm.code()).as(sm.output()).isZero();

    String best = Files.readString(embedded.resolve("best.yaml"));
    assertThat(Files.readString(snakemake.resolve("best.yaml"))).as("best.yaml of both engines").isEqualTo(best);
    assertThat(Files.readString(snakemake.resolve("config"))).isEqualTo(Files.readString(embedded.resolve("config")));

    @SuppressWarnings("unchecked") Map<String, Object> yaml = (Map<String, Object>) new Yaml().load(best);
    double lowest = Double.POSITIVE_INFINITY;
    double lowestAtTop = Double.POSITIVE_INFINITY;
    SearchDir search = SearchDir.open(embedded);
    for (TrialId id : search.trials()) {
      Path result = search.dir(id).resolve("result");
      if (Files.exists(result)) {
        double v = Double.parseDouble(Files.readString(result).strip().substring("loss: ".length()));
        lowest = Math.min(lowest, v);
        if (search.stage(id).budget() == 3) {
          lowestAtTop = Math.min(lowestAtTop, v);
        }
      }
    }
    assertThat(lowest).as("a budget-1 trial holds the best value").isLessThan(0.1);
    boolean top = rule.equals("top-budget");
    assertThat(yaml.get("budget")).isEqualTo(top ? 3 : 1);
    assertThat(((Number) yaml.get("value")).doubleValue()).isEqualTo(top ? lowestAtTop : lowest);

    Cli.Run answer = Cli.run("best", embedded.toString(), "--format", "json");
    assertThat(answer.code()).as(answer.err()).isZero();
    assertThat(new ObjectMapper().readTree(answer.out()).get("trial").asText()).isEqualTo(yaml.get("trial"));
    Cli.Run status = Cli.run("status", snakemake.toString(), "--json");
    JsonNode statusBest = new ObjectMapper().readTree(status.out()).get("best");
    assertThat(statusBest.get("path").asText()).isEqualTo(yaml.get("trial"));
  }
}
