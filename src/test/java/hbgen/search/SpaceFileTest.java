package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.error.UsageError;
import hbgen.space.Distribution;
import hbgen.space.Sampler;
import hbgen.space.Seeds;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpaceFileTest {
  static final String SPEC_EXAMPLE = """
      parameters:
        learning_rate: {loguniform: [1.0e-5, 1.0e-1]}
        C:             {choice: [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]}
        optimizer:     {choice: [sgd, momentum]}
        penalty:
          - {value: l2, when: {optimizer: sgd}}
          - {choice: [l1, l2], when: {optimizer: momentum}}
        hidden:        {int: [32, 512], step: 32}
        dropout:       {uniform: [0.0, 0.5]}
        gamma:         {exponential: {scale: 0.1}}
        momentum:      {normal: {mean: 0.9, sd: 0.02}}
        lr2:           {geomspace: [0.01, 5], num: 20}
        dim:           {range: [50, 1001, 10]}
      fixed:
        folds: 10
        model.layers: 2
      """;

  @Test
  void readsEveryDistributionOfTheSpec() {
    SpaceFile f = SpaceFile.parse("space.yaml", SPEC_EXAMPLE);
    assertThat(f.space().parameters()).extracting(p -> p.cases().get(0).distribution().kind())
        .containsExactly("loguniform", "choice", "choice", "value", "int", "uniform", "exponential", "normal", "geomspace", "range");
    assertThat(f.space().fixed()).containsEntry("folds", 10L).containsEntry("model.layers", 2L);
  }

  @Test
  void drawsStayInsideTheirDistributionsAndConditionsHold() {
    SpaceFile f = SpaceFile.parse("space.yaml", SPEC_EXAMPLE);
    Seeds seeds = new Seeds(7);
    for (int k = 0; k < 2000; k++) {
      Map<String, Object> d = Sampler.draw(f.space(), seeds.generator(0, k));
      assertThat((Double) d.get("learning_rate")).isBetween(1e-5, 1e-1);
      assertThat((Long) d.get("hidden") % 32).isZero();
      assertThat((Long) d.get("hidden")).isBetween(32L, 512L);
      assertThat((Long) d.get("dim")).isBetween(50L, 1000L);
      assertThat((Double) d.get("dropout")).isBetween(0.0, 0.5);
      assertThat((Double) d.get("gamma")).isPositive();
      if (d.get("optimizer").equals("sgd")) {
        assertThat(d.get("penalty")).isEqualTo("l2");
      } else {
        assertThat(d.get("penalty")).isIn("l1", "l2");
      }
    }
  }

  @Test
  void geomspaceMatchesNumpyEnds() {
    Distribution g = new Distribution.Geomspace(0.01, 5, 20);
    assertThat(g.values().orElseThrow()).hasSize(20).startsWith(0.01).endsWith(5.0);
  }

  @Test
  void aParameterWhoseCasesAllFailIsAbsent() {
    SpaceFile f = SpaceFile.parse("s.yaml", """
        parameters:
          a: {choice: [x, y]}
          b:
            - {value: 1, when: {a: y}}
        """);
    Seeds seeds = new Seeds(1);
    for (int c = 0; c < 20; c++) {
      Map<String, Object> drawn = Sampler.draw(f.space(), seeds.generator(0, c));
      assertThat(drawn.containsKey("b")).as("config %d: %s", c, drawn).isEqualTo(drawn.get("a").equals("y"));
    }
  }

  @Nested
  class WhenValues {
    @Test
    void aValueTheNamedParameterNeverTakesIsRefusedWithItsPosition() {
      fails("""
          parameters:
            optimizer: {choice: [sgd, momentum]}
            reg:
              - {value: l2, when: {optimizer: sdg}}
          """, "s.yaml:4:37: parameter reg: 'when' needs optimizer to be sdg, which optimizer never takes (it takes sgd, momentum)");
    }

    @Test
    void everyValueOfAListIsChecked() {
      fails("""
          parameters:
            optimizer: {choice: [sgd, momentum]}
            reg:
              - {value: l2, when: {optimizer: [sgd, momentun]}}
          """, "s.yaml:4:43: parameter reg: 'when' needs optimizer to be momentun, which optimizer never takes (it takes sgd, momentum)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{int: [16, 128], step: 16}   | 32    | 33",
        "{int: [16, 128], step: 16}   | 32.0  | 144",
        "{range: [10, 0, -2]}         | 2     | 0",
        "{range: [3]}                 | 0     | 3",
        "{uniform: [0, 1]}            | 0.5   | 2",
        "{loguniform: [0.001, 0.1]}   | 0.01  | 0.0001",
        "{exponential: {scale: 1}}    | 3     | -1",
        "{normal: {mean: 0, sd: 1}}   | -7    | x",
        "{geomspace: [1, 100], num: 3} | 10   | 11",
        "{value: 1}                   | 1.0   | \"1\"",
    })
    void aValueIsCheckedAgainstTheDistribution(String distribution, String possible, String impossible) {
      String head = "parameters:\n  a: " + distribution + "\n  b:\n    - {value: 1, when: {a: ";
      assertThat(SpaceFile.parse("s.yaml", head + possible + "}}\n").space().parameters()).hasSize(2);
      assertThatThrownBy(() -> SpaceFile.parse("s.yaml", head + impossible + "}}\n"))
          .isInstanceOf(UsageError.class).hasMessageStartingWith("s.yaml:4:").hasMessageContaining("which a never takes");
    }

    @Test
    void aParameterWithSeveralCasesTakesTheValuesOfAny() {
      SpaceFile f = SpaceFile.parse("s.yaml", """
          parameters:
            o: {choice: [a, b]}
            p:
              - {value: 1, when: {o: a}}
              - {choice: [2, 3], when: {o: b}}
            q:
              - {value: x, when: {p: 3}}
          """);
      assertThat(f.space().parameters()).hasSize(3);
    }
  }

  @Test
  void sameSeedSameDraws() {
    SpaceFile f = SpaceFile.parse("space.yaml", SPEC_EXAMPLE);
    Set<Map<String, Object>> a = new HashSet<>();
    for (int k = 0; k < 50; k++) {
      assertThat(Sampler.draw(f.space(), new Seeds(3).generator(1, k))).isEqualTo(Sampler.draw(f.space(), new Seeds(3).generator(1, k)));
      a.add(Sampler.draw(f.space(), new Seeds(3).generator(1, k)));
    }
    assertThat(a).hasSize(50);
  }

  private static void fails(String text, String message) {
    assertThatThrownBy(() -> SpaceFile.parse("s.yaml", text)).isInstanceOf(UsageError.class).hasMessage(message);
  }

  @Test
  void unknownDistributionNamesFileLineAndColumn() {
    fails("parameters:\n  lr: {logunifrm: [1, 2]}\n",
        "s.yaml:2:8: parameter lr: unknown distribution 'logunifrm' (expected one of choice, exponential, geomspace, int, loguniform, normal, range, uniform, value)");
  }

  @Test
  void malformedYamlNamesFileLineAndColumn() {
    assertThatThrownBy(() -> SpaceFile.parse("s.yaml", "parameters:\n  lr: {uniform: [1, 2]\n"))
        .isInstanceOf(UsageError.class).hasMessageStartingWith("s.yaml:3:1: invalid YAML:");
  }

  @Test
  void anLsfSectionIsReadLikeTheSlurmSectionAsText() {
    SpaceFile f = SpaceFile.parse("s.yaml", "parameters:\n  x: {uniform: [0, 1]}\nlsf:\n  queue: gpu\n  time: 1:30\n"
        + "  mem: 8000\n  extra: [-x, \"-R\", 'select[ngpus>0]']\n");
    assertThat(f.lsf()).containsExactly(Map.entry("queue", "gpu"), Map.entry("time", "1:30"), Map.entry("mem", "8000"),
        Map.entry("extra", List.of("-x", "-R", "select[ngpus>0]")));
    assertThat(f.slurm()).isEmpty();
    fails("parameters:\n  x: {uniform: [0, 1]}\nlsf:\n  mem: {a: 1}\n",
        "s.yaml:4:8: lsf.mem must be a plain value such as 8000 or 24:00");
  }

  @Test
  void badArgumentsAreNamed() {
    fails("parameters:\n  lr: {loguniform: [0, 1]}\n", "s.yaml:2:8: parameter lr: loguniform needs 0 < low < high, was [0.0, 1.0]");
    fails("parameters:\n  lr: {uniform: [a, 1]}\n", "s.yaml:2:17: parameter lr: uniform expects numbers, got 'a'");
    fails("parameters:\n  n: {int: [1, 9], num: 3}\n", "s.yaml:2:25: parameter n: 'num' does not apply to int");
    fails("parameters:\n  p:\n    - {value: 1, when: {q: 2}}\n", "s.yaml:3:25: parameter p: 'when' refers to q, which is not a parameter defined before it");
    fails("params: {}\n", "s.yaml:1:1: unknown section 'params' (expected one of fixed, lsf, parameters, slurm)");
    fails("parameters:\n  a: {uniform: [0, 1]}\n  a: {uniform: [0, 1]}\n", "s.yaml:3:3: duplicate key 'a'");
  }

  @Test
  void dottedKeysThatClashAreRejected() {
    fails("parameters:\n  model: {choice: [1, 2]}\nfixed:\n  model.layers: 2\n", "s.yaml:2:3: 'model' clashes with another name that nests under it");
  }

  @Test
  void aliasBombsAreRefused() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 0; i < 30; i++) {
      y.append("b").append(i).append(": &b").append(i).append(" [*").append(i == 0 ? "a" : "b" + (i - 1)).append(", *")
          .append(i == 0 ? "a" : "b" + (i - 1)).append("]\n");
    }
    assertThatThrownBy(() -> SpaceFile.parse("s.yaml", y.toString())).isInstanceOf(UsageError.class).hasMessageContaining("s.yaml");
  }
}
