package hbgen.status;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StatusJsonTest {
  @TempDir Path tmp;
  private SearchStatus status;
  private String json;

  @BeforeEach
  void scanTheFixtureWithEveryState() {
    status = StatusScannerTest.everyState(tmp.resolve("s")).scan();
    json = StatusJson.render(status, 2, true);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    return (Map<String, Object>) new Yaml().load(json);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private Map<String, Object> stage(Map<String, Object> doc, int bracket, int stage) {
    return list(list(doc.get("brackets")).get(bracket).get("stages")).get(stage);
  }

  @Test
  void the_document_has_the_documented_top_level_keys() {
    Map<String, Object> doc = parse(json);
    assertThat(doc).containsOnlyKeys("schema_version", "search", "root", "strategy", "objective", "direction", "time",
        "finished", "trials", "counts", "budget", "cost", "incumbent", "best", "estimate", "warnings", "brackets");
    assertThat(doc).containsEntry("schema_version", 2).containsEntry("finished", false)
        .containsEntry("direction", "maximize").containsEntry("objective", "accuracy")
        .containsEntry("incumbent", "top-budget");
    assertThat(map(doc.get("trials"))).containsEntry("done", 5).containsEntry("total", 22);
    assertThat(map(doc.get("budget"))).containsEntry("spent", 5.0).containsEntry("planned", 78.0);
    assertThat(map(doc.get("best"))).containsEntry("path", "bracket-0/stage-0/config-7").containsEntry("objective", 0.95);
    assertThat(map(doc.get("estimate"))).containsKeys("seconds_left", "seconds_per_budget_unit", "concurrency", "observed");
  }

  @Test
  void every_state_is_counted_and_every_trial_has_its_state_objective_budget_and_path() {
    Map<String, Object> s00 = stage(parse(json), 0, 0);
    assertThat(map(s00.get("counts"))).containsExactlyInAnyOrderEntriesOf(Map.of("completed", 3, "failed", 2,
        "skipped", 0, "running", 1, "unverified", 0, "interrupted", 1, "pending", 2, "unproposed", 0, "unfilled", 0));
    List<Map<String, Object>> trials = list(s00.get("trials"));
    assertThat(trials).extracting(t -> t.get("state")).containsExactly("completed", "completed", "failed", "failed",
        "running", "interrupted", "pending", "completed", "pending");
    assertThat(trials.get(0)).containsOnlyKeys("path", "config", "state", "objective", "budget", "reason", "launcher",
        "duration_s");
    assertThat(trials.get(0)).containsEntry("objective", 0.91).containsEntry("budget", 1.0)
        .containsEntry("path", "bracket-0/stage-0/config-0").containsEntry("duration_s", 4);
    assertThat(trials.get(3)).containsEntry("objective", null).containsEntry("reason", "objective is nan");
    assertThat(trials.get(4).get("launcher")).asString().startsWith("pid " + ProcessHandle.current().pid() + " on ");
    assertThat(stage(parse(json), 0, 1)).containsEntry("promotion_done", false).containsEntry("complete", false);
    assertThat(list(stage(parse(json), 0, 1).get("trials"))).extracting(t -> t.get("state"))
        .containsOnly("unfilled");
  }

  @Test
  void each_bracket_has_its_top_k_and_stage_totals() {
    Map<String, Object> b0 = list(parse(json).get("brackets")).get(0);
    assertThat(list(b0.get("top"))).extracting(t -> t.get("path"))
        .containsExactly("bracket-0/stage-0/config-7", "bracket-0/stage-0/config-0");
    assertThat(b0).containsEntry("stages_complete", 0).containsEntry("stages_total", 3);
  }

  @Test
  void pretty_output_puts_one_trial_per_line_and_compact_output_is_one_line() {
    // 9 trials, the 2 top entries of bracket 0 and the best
    assertThat(json.lines().filter(l -> l.contains("\"path\": \"bracket-0/stage-0/config-"))).hasSize(9 + 2 + 1);
    String compact = StatusJson.render(status, 2, false);
    assertThat(compact.strip()).doesNotContain("\n");
    assertThat(parse(compact)).isEqualTo(parse(json));
  }

  @Test
  void the_output_is_strict_json_that_python_reads() throws Exception {
    Path file = tmp.resolve("status.json");
    Files.writeString(file, json);
    Engines.Result r = Engines.exec(tmp, 60, "python3", "-c",
        "import json,sys; d=json.load(open(sys.argv[1])); print(d['counts']['interrupted'])", file.toString());
    assertThat(r.output().strip()).as(r.output()).isEqualTo("1");
    assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
  }
}
