package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlotTest {
  @Test
  void aSeriesNeedsAsManyFiniteXAsYValues() {
    assertThatThrownBy(() -> new Plot.Series("s", new double[] {1, 2}, new double[] {1}, Plot.Style.LINE))
        .hasMessage("series s needs as many x as y values, at least one; had 2 and 1");
    assertThatThrownBy(() -> new Plot.Series("s", new double[] {1}, new double[] {Double.NaN}, Plot.Style.LINE))
        .hasMessage("series s has a non-finite point (1.0, NaN)");
  }

  @Test
  void aSeriesKeepsItsOwnCopyOfThePoints() {
    double[] x = {1, 2};
    Plot.Series s = new Plot.Series("s", x, new double[] {3, 4}, Plot.Style.SCATTER);
    x[0] = 9;
    s.x()[1] = 9;
    assertThat(s.x()).containsExactly(1, 2);
    assertThat(s).isEqualTo(new Plot.Series("s", new double[] {1, 2}, new double[] {3, 4}, Plot.Style.SCATTER));
  }

  @Test
  void idsAreSafeForHtmlAndCategoricalAxesAreNotLogarithmic() {
    assertThatThrownBy(() -> new Plot("A b", "t", "x", "y", false, List.of(), List.of(), ""))
        .hasMessageContaining("plot id must be lower-case letters, digits and dashes, was A b");
    assertThatThrownBy(() -> new Plot("p", "t", "x", "y", true, List.of("1"), List.of(), ""))
        .hasMessage("plot p: a categorical x axis cannot be logarithmic");
  }
}
