package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SpaceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterScaleTest {
  private static List<ParameterScale> of(String space) {
    return ParameterScale.fromSpace(SpaceFile.parse("space.yaml", space).space().parameters());
  }

  @Test
  void logUniformAndGeomspaceAreLogAndNumeric() {
    assertThat(of("parameters:\n  lr: {loguniform: [1.0e-5, 1.0e-1]}\n  g: {geomspace: [0.01, 5], num: 20}\n"
        + "  d: {uniform: [0.0, 0.5]}\n  h: {int: [32, 512], step: 32}\n  m: {normal: {mean: 0.9, sd: 0.02}}\n"))
        .containsExactly(new ParameterScale("lr", "loguniform", true, true), new ParameterScale("g", "geomspace", true, true),
            new ParameterScale("d", "uniform", true, false), new ParameterScale("h", "int", true, false),
            new ParameterScale("m", "normal", true, false));
  }

  @Test
  void aChoiceOfNumbersSpanningThreeDecadesIsLogAndAChoiceOfWordsIsCategorical() {
    assertThat(of("parameters:\n  C: {choice: [0.001, 0.1, 1.0, 10.0]}\n  k: {choice: [1, 2, 4]}\n"
        + "  opt: {choice: [sgd, adam]}\n  z: {choice: [0, 10000]}\n"))
        .containsExactly(new ParameterScale("C", "choice", true, true), new ParameterScale("k", "choice", true, false),
            new ParameterScale("opt", "choice", false, false), new ParameterScale("z", "choice", true, false));
  }

  @Test
  void conditionalCasesCombine() {
    assertThat(of("parameters:\n  o: {choice: [a, b]}\n  p:\n    - {value: 0.5, when: {o: a}}\n"
        + "    - {loguniform: [0.01, 1.0], when: {o: b}}\n  q:\n    - {value: l2, when: {o: a}}\n"
        + "    - {choice: [l1, l2], when: {o: b}}\n"))
        .containsExactly(new ParameterScale("o", "choice", false, false),
            new ParameterScale("p", "loguniform/value", true, true), new ParameterScale("q", "choice/value", false, false));
  }

  @Test
  void theManifestsSpaceIsUsedWhenPresent(@TempDir Path tmp) {
    SearchFixture f = SearchFixture.create(tmp);
    assertThat(ParameterScale.of(f.open(), f.read().trials())).extracting(ParameterScale::name)
        .containsExactly("learning_rate", "C", "optimizer", "penalty");
  }

  @Test
  void withoutASpaceEveryVaryingNumericConfigKeyButTheSeedIsAParameter(@TempDir Path tmp) {
    List<Trial> trials = SearchFixture.create(tmp).read().trials();
    assertThat(ParameterScale.fromValues(trials)).extracting(ParameterScale::name)
        .containsExactly("C", "learning_rate");
    assertThat(ParameterScale.fromValues(trials).get(0).log()).isTrue();
  }
}
