package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  static final Plot SCATTER = new Plot("param-0", "lr <&>", "lr (log scale)", "loss (lower is better)", true, List.of(),
      List.of(new Plot.Series("budget 1", new double[] {0.001, 0.01, 0.1}, new double[] {0.5, 0.4, 0.45}, Plot.Style.SCATTER),
          new Plot.Series("budget 3", new double[] {0.01}, new double[] {0.3}, Plot.Style.SCATTER)), "");
  static final Plot CATEGORIES = new Plot("bracket-0", "b", "budget", "loss", false, List.of("1", "3", "9"),
      List.of(new Plot.Series("config-0", new double[] {0, 1, 2}, new double[] {0.5, 0.4, 0.3}, Plot.Style.LINE),
          new Plot.Series("config-1", new double[] {0}, new double[] {0.6}, Plot.Style.LINE)), "");
  static final Plot STEPS = new Plot("progress", "p", "cost", "loss", false, List.of(),
      List.of(new Plot.Series("trial", new double[] {1, 2, 3}, new double[] {0.5, 0.6, 0.4}, Plot.Style.FAINT),
          new Plot.Series("best so far", new double[] {1, 2, 3}, new double[] {0.5, 0.5, 0.4}, Plot.Style.STEP)), "");

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void aPlotBecomesAnInlineSvgElementWithDrawing() {
    for (Plot p : List.of(SCATTER, CATEGORIES, STEPS)) {
      String svg = SvgChart.render(p);
      assertThat(svg).startsWith("<svg class=\"chart-svg\" role=\"img\" aria-label=\"").endsWith("</svg>");
      assertThat(svg).doesNotContain("<?xml", "<!DOCTYPE", "<script", "<image", "href=\"http");
      assertThat(count(svg, "<(path|line|rect|circle|polyline|polygon|ellipse)\\b")).as(p.id()).isGreaterThan(10);
      assertThat(svg).contains("viewBox=\"0 0 " + SvgChart.WIDTH + " " + SvgChart.HEIGHT + "\"");
    }
    assertThat(SvgChart.render(SCATTER)).contains("aria-label=\"lr &lt;&amp;&gt;\"");
  }

  @Test
  void idsArePrefixedWithThePlotAndTheSameOnEveryRun() {
    String a = SvgChart.render(CATEGORIES);
    assertThat(a).isEqualTo(SvgChart.render(CATEGORIES));
    Matcher ids = Pattern.compile("id=\"([^\"]+)\"").matcher(a);
    int n = 0;
    while (ids.find()) {
      assertThat(ids.group(1)).startsWith("bracket-0-");
      n++;
    }
    assertThat(n).isPositive();
    assertThat(a).doesNotContainPattern("url\\(#(?!bracket-0-)");
  }

  @Test
  void coordinatesAreRoundedToHundredthsOfAPixel() {
    assertThat(SvgChart.render(STEPS)).doesNotContainPattern("\\d\\.\\d{3}");
    assertThat(SvgChart.inline("<?xml?>\n<svg width=\"1\"><path d=\"M1.23456,7.891 L2.5,3\"/></svg>\n", "x", "t"))
        .isEqualTo("<svg class=\"chart-svg\" role=\"img\" aria-label=\"t\" width=\"1\"><path d=\"M1.23,7.89 L2.5,3\"/></svg>");
  }

  @Test
  void aSingleValueGetsRoomAroundIt() {
    Plot one = new Plot("bracket-2", "b", "budget", "loss", false, List.of("9"),
        List.of(new Plot.Series("config-0", new double[] {0}, new double[] {0.9}, Plot.Style.LINE)), "");
    assertThat(SvgChart.chart(one)).isNotNull();
    assertThat(count(SvgChart.render(one), "<path")).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aChartThatCannotBeDrawnIsAOneLineFailureNamingIt() {
    Plot bad = new Plot("bracket-0", "Bracket 0", "budget", "loss", false, List.of("1"),
        List.of(new Plot.Series("config-0", new double[] {0.5}, new double[] {0.9}, Plot.Style.LINE)), "");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SvgChart.render(bad))
        .isInstanceOf(hbgen.error.RuntimeFailure.class)
        .hasMessageStartingWith("cannot draw chart 'Bracket 0': java.lang.IllegalArgumentException: plot bracket-0: "
            + "x value 0.5 is not a category index");
  }

  @Test
  void theSpanIsTheRatioOfTheLargestToTheSmallestPositiveX() {
    assertThat(SvgChart.span(SCATTER)).isEqualTo(100, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(SvgChart.span(CATEGORIES)).isEqualTo(2);
  }
}
