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

  @Test
  void thinningKeepsAStepLinesChangesAndOneMarkerPerCell() {
    Plot.Series step = new Plot.Series("best", new double[] {1, 2, 3, 4, 5, 6}, new double[] {5, 5, 4, 4, 4, 4},
        Plot.Style.STEP);
    double[] x = new double[1000];
    double[] y = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1 + (i % 10) * 0.001; // ten x values within one cell of a 10-cell grid over [1, 6]
      y[i] = i % 2 == 0 ? 4 : 5;
    }
    Plot.Series dots = new Plot.Series("trial", x, y, Plot.Style.SCATTER);
    Plot.Series line = new Plot.Series("line", new double[] {1, 2, 3}, new double[] {4, 4, 4}, Plot.Style.LINE);
    Plot p = new Plot("p", "t", "x", "y", false, java.util.List.of(), java.util.List.of(step, dots, line), "c");
    Plot thin = p.thinned(10, 10);
    assertThat(thin.series().get(0).x()).containsExactly(1, 3, 6);
    assertThat(thin.series().get(0).y()).containsExactly(5, 4, 4);
    assertThat(thin.series().get(1).x()).hasSize(2);
    assertThat(thin.series().get(1).y()).containsExactly(4, 5);
    assertThat(thin.series().get(2)).isEqualTo(line);
    assertThat(thin.caption()).isEqualTo("c");
    assertThat(p.thinned(100_000, 100_000).series().get(1).x()).as("ten distinct points").hasSize(10);
  }
}
