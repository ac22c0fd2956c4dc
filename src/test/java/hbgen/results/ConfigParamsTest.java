package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParamsTest {
  @Test
  void readsJsonWithJsonNumbersAndFlattensNestedMapsWithDots() {
    ConfigParams p = ConfigParams.parse("{\"lr\": 1e-5, \"model\": {\"layers\": 2, \"act\": \"relu\"}, \"ok\": true, \"ks\": [3, 5]}");
    assertThat(p.values()).containsEntry("lr", 1e-5).containsEntry("model.layers", 2L).containsEntry("model.act", "relu")
        .containsEntry("ok", true).containsEntry("ks", List.of(3L, 5L));
    assertThat(p.values().keySet()).containsExactly("ks", "lr", "model.act", "model.layers", "ok");
    assertThat(p.note()).isEmpty();
  }

  @Test
  void readsYamlWithTheSafeLoader() {
    ConfigParams p = ConfigParams.parse("lr: 1.0e-05\noptimizer: sgd\nmodel:\n  depth: 3\n");
    assertThat(p.values()).containsEntry("lr", 1e-5).containsEntry("optimizer", "sgd").containsEntry("model.depth", 3L);
    assertThat(ConfigParams.parse("x: !!java.io.File /etc").note()).startsWith("config is neither JSON nor YAML");
  }

  @Test
  void somethingElseGivesNoParametersAndANote() {
    assertThat(ConfigParams.parse("{\"a\": ").note()).startsWith("config is not valid JSON");
    assertThat(ConfigParams.parse("--lr 0.1 --depth 3").note()).isEqualTo("config is not a map of parameters");
    assertThat(ConfigParams.parse("lr: [1\n").note()).startsWith("config is neither JSON nor YAML");
    assertThat(ConfigParams.parse("lr: [1\n").values()).isEmpty();
  }

  @Test
  void anEmptyNestedMapIsKeptAsAValue() {
    assertThat(ConfigParams.parse("{\"a\": {}}").values()).containsOnlyKeys("a");
  }
}
