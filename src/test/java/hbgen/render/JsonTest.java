package hbgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  @Test
  void floatsCarryADotAndASignedExponent() {
    assertThat(Json.number(1e-5)).isEqualTo("1.0e-05");
    assertThat(Json.number(1.5e21)).isEqualTo("1.5e+21");
    assertThat(Json.number(0.001)).isEqualTo("0.001");
    assertThat(Json.number(100.0)).isEqualTo("100.0");
  }

  @Test
  void budgetsAreWholeWhenTheyCanBe() {
    assertThat(Json.budget(3.0)).isEqualTo("3");
    assertThat(Json.budget(2.5)).isEqualTo("2.5");
  }

  @Test
  void mapsHaveSortedKeysAndEscapedStrings() {
    Map<String, Object> m = new TreeMap<>();
    m.put("b", "a\"b\\c\nd");
    m.put("a", List.of(1L, 2.5));
    assertThat(Json.inline(m)).isEqualTo("{\"a\": [1, 2.5], \"b\": \"a\\\"b\\\\c\\nd\"}");
  }

  @Test
  void pythonJsonAndPyYamlReadBackTheSameFloats(@TempDir Path dir) throws Exception {
    Random rng = new Random(42);
    List<Double> values = new ArrayList<>(List.of(1e-5, 1e-300, 1.7976931348623157e308, 0.1, 123456789.0, 1e21, -2.5e-7));
    for (int i = 0; i < 300; i++) {
      values.add(Math.exp(rng.nextGaussian() * 30) * (rng.nextBoolean() ? 1 : -1));
    }
    StringBuilder lines = new StringBuilder();
    for (double v : values) {
      lines.append(Json.number(v)).append('\n');
    }
    Path file = dir.resolve("floats.txt");
    Files.writeString(file, lines.toString());
    // Debian's python3 (the one Snakemake uses) has PyYAML.
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
        import json, sys, yaml
        for line in open(sys.argv[1]):
            t = line.strip()
            a, b = json.loads(t), yaml.safe_load(t)
            assert isinstance(b, float), (t, b)
            assert a == b, (t, a, b)
            print(repr(a))
        """, file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    List<String> back = out.lines().toList();
    for (int i = 0; i < values.size(); i++) {
      assertThat(Double.parseDouble(back.get(i))).isEqualTo(values.get(i));
    }
  }

  @Test
  void shellQuotingSurvivesEveryQuote() {
    assertThat(Quoting.shell("it's $(x) `y`")).isEqualTo("'it'\\''s $(x) `y`'");
    assertThat(Quoting.python("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(Quoting.python(true)).isEqualTo("True");
  }
}
