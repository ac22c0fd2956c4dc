package hbgen.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultFormatTest {
  @Test
  void readsOneBareNumber() {
    Metrics m = ResultFormat.parse(" 0.125\n");
    assertThat(m.objectiveText("")).isEqualTo("0.125");
    assertThat(m.objectiveText("loss")).isEqualTo("0.125");
  }

  @Test
  void readsYamlBlockFlowAndJsonMaps() {
    for (String text : new String[] {"accuracy: 0.97\nloss: 0.08\n", "{accuracy: 0.97, loss: 0.08}", "{\"accuracy\": 0.97, \"loss\": 0.08}"}) {
      Metrics m = ResultFormat.parse(text);
      assertThat(m.objectiveText("loss")).isEqualTo("0.08");
      assertThat(m.numbers("loss")).containsEntry("accuracy", 0.97);
    }
  }

  @Test
  void acceptsScientificNotationAndComments() {
    assertThat(ResultFormat.parse("# written by train.py\nloss: 1e-5\n").objectiveText("loss")).isEqualTo("1e-5");
    assertThat(ResultFormat.number("1e-5")).isEqualTo(1e-5);
  }

  @Test
  void readsNanAndInfinitySpellings() {
    assertThat(ResultFormat.number(".nan")).isNaN();
    assertThat(ResultFormat.number("NaN")).isNaN();
    assertThat(ResultFormat.number("-.inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(ResultFormat.number("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void rejectsGarbageWithTheEntryNamed() {
    assertThatThrownBy(() -> ResultFormat.parse("loss: low")).hasMessageContaining("unparseable result entry 'loss: low'");
    assertThatThrownBy(() -> ResultFormat.parse("")).hasMessage("empty result");
    assertThatThrownBy(() -> ResultFormat.parse("a: 1\na: 2")).hasMessage("metric 'a' appears twice in the result");
  }

  @Test
  void aMissingObjectiveIsNamed() {
    assertThatThrownBy(() -> ResultFormat.parse("{accuracy: 0.9}").objectiveText("loss"))
        .hasMessage("result has no metric 'loss' (it has [accuracy])");
    assertThatThrownBy(() -> ResultFormat.parse("{a: 1, b: 2}").objectiveText(""))
        .hasMessageContaining("several metrics");
    assertThat(ResultFormat.parse("{only: 3}").objectiveText("")).isEqualTo("3");
  }
}
