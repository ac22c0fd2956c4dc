package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class BestAnswerTest {
  @TempDir Path tmp;

  private static Map<String, Object> yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  @Test
  void withoutBestYamlItIsTheBestSoFarAndSaysItIsNotFinal() {
    SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-2", 0.8, 0.3, "2026-01-01T00:00:00Z")
        .complete("bracket-2/stage-0/config-0", 0.8, 0.4, "2026-01-01T00:00:01Z")
        .complete("bracket-0/stage-0/config-5", 0.7, 0.2, "2026-01-01T00:00:02Z");
    BestAnswer b = BestAnswer.of(f.read(), Path.of("my-search")).orElseThrow();
    assertThat(b.isFinal()).isFalse();
    assertThat(b.trial().path()).as("a tie goes to the larger budget").isEqualTo("bracket-2/stage-0/config-0");
    assertThat(b.path()).isEqualTo(Path.of("my-search", "bracket-2/stage-0/config-0", "config").toString());
    assertThat(b.metrics()).containsEntry("loss", 0.4);
    assertThat(b.configText()).isEqualTo(f.read("bracket-2/stage-0/config-0/config"));
  }

  @Test
  void withBestYamlItIsItsAnswer() {
    SearchFixture f = SearchFixture.finished(tmp);
    f.write("best.yaml", "found: true\ntrial: bracket-2/stage-0/config-1\nbracket: 2\nstage: 0\nconfig_id: 1\nbudget: 9\n"
        + "objective: accuracy\ndirection: maximize\nvalue: 0.7\nmetrics:\n  accuracy: 0.7\n  loss: 0.5\n"
        + "config: |\n  {\"lr\": 0.1}\n");
    BestAnswer b = BestAnswer.of(f.read(), f.root).orElseThrow();
    assertThat(b.isFinal()).isTrue();
    assertThat(b.trial().path()).isEqualTo("bracket-2/stage-0/config-1");
    assertThat(b.value()).isEqualTo(0.7);
    assertThat(b.params()).containsEntry("lr", 0.1);
  }

  @Test
  void aBestYamlThatFoundNothingMeansNoAnswer() {
    SearchFixture f = SearchFixture.create(tmp).write("best.yaml", "found: false\n");
    assertThat(BestAnswer.of(f.read(), f.root)).isEmpty();
  }

  @Test
  void anUnreadableBestYamlFallsBackToTheTrials() {
    SearchFixture f = SearchFixture.finished(tmp).write("best.yaml", "found: [\n");
    BestAnswer b = BestAnswer.of(f.read(), f.root).orElseThrow();
    assertThat(b.isFinal()).isFalse();
    assertThat(b.trial().path()).isEqualTo("bracket-0/stage-2/config-0");
  }

  @Test
  void noUsableResultMeansNoAnswer() {
    SearchFixture f = SearchFixture.create(tmp).fail("bracket-0/stage-0/config-0", "2026-01-01T00:00:00Z");
    assertThat(BestAnswer.of(f.read(), f.root)).isEmpty();
  }

  @Test
  void theYamlReadsBackAsTheAnswerInTheShapeOfBestYaml() {
    SearchFixture f = SearchFixture.finished(tmp);
    BestAnswer b = BestAnswer.of(f.read(), Path.of("/data/my search")).orElseThrow();
    String text = b.yaml("22 of 22 trials finished");
    assertThat(text).startsWith("# Best configuration so far: 22 of 22 trials finished.");
    Map<String, Object> m = yaml(text);
    assertThat(m).containsEntry("final", false).containsEntry("found", true)
        .containsEntry("trial", "bracket-0/stage-2/config-0").containsEntry("bracket", 0).containsEntry("stage", 2)
        .containsEntry("config_id", 0).containsEntry("budget", 9).containsEntry("objective", "accuracy")
        .containsEntry("direction", "maximize").containsEntry("value", 0.97)
        .containsEntry("metrics", Map.of("accuracy", 0.97, "loss", 0.05))
        .containsEntry("path", "/data/my search/bracket-0/stage-2/config-0/config")
        .containsEntry("config", f.read("bracket-0/stage-2/config-0/config"));
  }

  @Test
  void theJsonHasTheSameFieldsAndTheParameters() throws Exception {
    SearchFixture f = SearchFixture.finished(tmp);
    JsonNode j = new ObjectMapper().readTree(BestAnswer.of(f.read(), f.root).orElseThrow().json());
    assertThat(j.get("final").booleanValue()).isFalse();
    assertThat(j.get("value").doubleValue()).isEqualTo(0.97);
    assertThat(j.get("metrics").get("loss").doubleValue()).isEqualTo(0.05);
    assertThat(j.get("params").get("folds").intValue()).isEqualTo(5);
    assertThat(j.get("config").textValue()).isEqualTo(f.read("bracket-0/stage-2/config-0/config"));
  }

  @Test
  void scalarsAreQuotedWhenYamlWouldReadThemAsSomethingElse() {
    assertThat(BestAnswer.scalar("accuracy")).isEqualTo("accuracy");
    assertThat(BestAnswer.scalar("/a/b-c.d")).isEqualTo("/a/b-c.d");
    assertThat(BestAnswer.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(BestAnswer.scalar("null")).isEqualTo("\"null\"");
    assertThat(BestAnswer.scalar("a: b")).isEqualTo("\"a: b\"");
    assertThat(BestAnswer.scalar("1e5")).isEqualTo("\"1e5\"");
    assertThat(BestAnswer.yamlNumber(1e-5)).isEqualTo("1.0e-05");
    assertThat(BestAnswer.yamlNumber(Double.NaN)).isEqualTo(".nan");
  }
}
