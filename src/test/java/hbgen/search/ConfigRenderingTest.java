package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.plan.CostModel;
import hbgen.plan.Hyperband;
import hbgen.render.TemplateEngine;
import hbgen.space.Seeds;
import hbgen.trial.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRenderingTest {
  @TempDir Path tmp;

  @Test
  void theDirectPathForTheBuiltInConfigTemplateGivesFreeMarkersBytes() throws Exception {
    SpaceFile space = SpaceFile.parse("s.yaml", SpaceFileTest.SPEC_EXAMPLE);
    SearchSpec spec = new SearchSpec("hyperband", Hyperband.plan(2, 3, 0, java.util.Set.of(), -1), CostModel.units(), 3,
        space, "s.yaml", "", Direction.MINIMIZE, "t", ".", false, 0, false, List.of(), Launcher.local(), List.of(), null, null, false, null, null);
    Files.writeString(tmp.resolve("config.ftl"), TemplateEngine.builtInSource("config.ftl"));
    SearchWriter direct = new SearchWriter(new TemplateEngine(null), "v");
    SearchWriter viaFreeMarker = new SearchWriter(new TemplateEngine(tmp), "v");
    Files.writeString(tmp.resolve("config.ftl"), TemplateEngine.builtInSource("config.ftl") + "\n"); // not the built-in: FreeMarker
    SearchWriter freeMarker = new SearchWriter(new TemplateEngine(tmp), "v");
    Seeds seeds = new Seeds(3);
    Map<Integer, List<Map<String, Object>>> draws = SearchWriter.draw(spec);
    for (int k = 0; k < draws.get(0).size(); k++) {
      Map<String, Object> model = SearchWriter.configModel(spec, seeds, 0, k, draws.get(0).get(k));
      String a = direct.renderConfig(model);
      assertThat(viaFreeMarker.renderConfig(model)).isEqualTo(a);
      assertThat(freeMarker.renderConfig(model)).isEqualTo(a + "\n");
    }
  }
}
