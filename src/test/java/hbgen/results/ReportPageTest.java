package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPageTest {
  @TempDir Path tmp;

  /** Draws a placeholder and remembers what it was asked to draw. */
  static final class Recorder implements Function<Plot, String> {
    final List<String> drawn = new ArrayList<>();

    @Override public String apply(Plot p) {
      drawn.add(p.id());
      return "<svg id=\"drawn-" + p.id() + "\"></svg>";
    }
  }

  private static String render(SearchResults r, Function<Plot, String> draw) {
    return ReportPage.render(r, Path.of("runs/my-search"), "2026-01-02T03:04:05Z", "9.9", draw);
  }

  @Test
  void aFinishedSearchHasEveryChartTheBestConfigurationAndTheTables() {
    Recorder draw = new Recorder();
    String html = render(SearchFixture.finished(tmp).read(), draw);
    assertThat(draw.drawn).containsExactly("progress", "bracket-0", "bracket-2", "param-0", "param-1", "cat-0", "cat-1",
        "parallel");
    assertThat(html).contains("<title>hbgen report: my-search</title>", "Search finished: 22 of 22 trials finished.",
        "<span class=\"tag\">best so far</span> accuracy 0.97 at budget 9",
        "<code>runs/my-search/bracket-0/stage-2/config-0/config</code>",
        "<figure class=\"chart empty\" id=\"chart-bracket-1\">", "No trial of bracket 1 has completed yet.",
        "Categorical parameters", "<h2 id=\"status\">Status</h2>", "<h2 id=\"top\">Top trials</h2>",
        "Written by hbgen 9.9 at 2026-01-02T03:04:05Z");
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
  }

  @Test
  void isSelfContained() {
    String html = render(SearchFixture.finished(tmp).read(), SvgChart::render);
    assertThat(html).doesNotContainPattern("(?i)<script|<link|<img|<iframe|@import|url\\((?!#)|src=|href=\"(?!#)");
    assertThat(count(html, "<svg class=\"chart-svg\"")).isEqualTo(8);
  }

  @Test
  void anEmptySearchSaysSoInsteadOfDrawing() {
    Recorder draw = new Recorder();
    String html = render(SearchFixture.create(tmp).read(), draw);
    assertThat(draw.drawn).isEmpty();
    assertThat(html).contains("No trial has finished yet: 0 of 22 trials finished; 17 pending, 5 unfilled.",
        "No trial has finished with a usable result yet.", "No trial has completed yet.");
    // progress, 3 brackets, 2 numeric and 2 categorical parameters, importance, parallel coordinates
    assertThat(count(html, "<figure class=\"chart empty\"")).isEqualTo(10);
    assertThat(html).contains("No trial has failed or been interrupted.");
  }

  @Test
  void aHalfFinishedSearchSaysItIsInProgressAndShowsTheBestSoFar() {
    SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-1", 0.8, 0.3, "2026-01-01T00:00:00Z")
        .startElsewhere("bracket-0/stage-0/config-2", "2026-01-01T00:00:01Z");
    Recorder draw = new Recorder();
    String html = render(f.read(), draw);
    assertThat(html).contains("Search in progress (or interrupted): 1 of 22 trials finished; 1 unverified, 15 pending, 5 unfilled.",
        "<span class=\"tag\">best so far</span> accuracy 0.8 at budget 1");
    assertThat(draw.drawn).containsExactly("progress", "bracket-0", "param-0", "param-1", "cat-0", "cat-1");
  }

  @Test
  void failedTrialsAreListedWithTheirKindReasonAndLastLogLinesAndCountedByKind() {
    String html = render(SearchFixture.finished(tmp).read(), new Recorder());
    String failures = section(html, "failures");
    assertThat(failures).contains("5 failed, 0 interrupted.", "<tr><td>exit code</td><td class=\"num\">5</td></tr>",
        "<code>bracket-1/stage-0/config-0</code>", "exit code 1: it&#39;s broken",
        "<pre class=\"log\">Traceback\nreason: not this one</pre>");
    assertThat(count(failures, "<pre class=\"log\">")).isEqualTo(5);
  }

  @Test
  void aHyperbandSearchHasBracketChartsAndNoGridOrProposalSections() {
    String html = render(SearchFixture.finished(tmp).read(), new Recorder());
    assertThat(html).contains("<h2 id=\"brackets\">", "<h2 id=\"importance\">", "<h2 id=\"failures\">")
        .doesNotContain("<h2 id=\"points\">", "<h2 id=\"proposals\">", "proposed by");
  }

  @Test
  void theImportanceChartIsDrawnAsGivenAndTheParallelCoordinatesNameTheirAxes() {
    Recorder draw = new Recorder();
    Plot bars = new Plot("importance", "Parameter importance", "parameter", "share", false, List.of("C", "learning_rate"),
        List.of(new Plot.Series("importance", new double[] {0, 1}, new double[] {0.9, 0.1}, Plot.Style.BAR)), "bars");
    String html = ReportPage.render(SearchFixture.finished(tmp).read(), Path.of("runs/my-search"), "2026-01-02T03:04:05Z",
        "9.9", draw, 0, r -> bars, false);
    assertThat(draw.drawn).contains("importance", "parallel");
    Plot parallel = ShapePlots.parallel(SearchFixture.finished(tmp.resolve("again")).read(),
        ParameterScale.of(SearchFixture.finished(tmp.resolve("third")).open(), List.of()));
    assertThat(parallel.xCategories()).endsWith("accuracy").contains("C", "learning_rate");
    assertThat(parallel.caption()).startsWith("The best 5 of 9 completed trials at budget 1 in colour");
    for (Plot.Series s : parallel.series()) {
      for (double y : s.y()) {
        assertThat(y).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void noColorGreysThePageAndPrintHasItsOwnStyles() {
    String grey = ReportPage.render(SearchFixture.create(tmp).read(), Path.of("runs/my-search"), "t", "9.9", new Recorder(),
        0, r -> new Plot("importance", "i", "x", "y", false, List.of(), List.of(), "none"), true);
    assertThat(grey).contains("<html lang=\"en\" class=\"no-color\">", "html.no-color { filter: grayscale(1); }");
    assertThat(render(SearchFixture.create(tmp.resolve("b")).read(), new Recorder())).contains("<html lang=\"en\">",
        "@media print {", "break-inside: avoid;");
  }

  /** The HTML from a section's heading to the next h2 (or the footer). */
  static String section(String html, String id) {
    int from = html.indexOf("<h2 id=\"" + id + "\">");
    assertThat(from).as("section " + id).isNotNegative();
    int to = html.indexOf("<h2 ", from + 1);
    return html.substring(from, to < 0 ? html.indexOf("<footer") : to);
  }

  @Test
  void textFromTheSearchIsEscaped() {
    SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-1", 0.8, 0.3, "2026-01-01T00:00:00Z")
        .write("bracket-0/stage-0/config-1/config", "{\"<b>x</b>\": \"a&b\"}");
    String html = render(f.read(), new Recorder());
    assertThat(html).contains("&lt;b&gt;x&lt;/b&gt;", "a&amp;b").doesNotContain("<b>x</b>");
    assertThat(ReportPage.esc("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }

  @Test
  void tableNumbersHaveFourSignificantDigits() {
    assertThat(ReportPage.short4(0.96666666)).isEqualTo("0.9667");
    assertThat(ReportPage.short4(1000.0)).isEqualTo("1000");
    assertThat(ReportPage.short4(1.5e-5)).isEqualTo("1.500e-05");
    assertThat(ReportPage.short4(Double.NaN)).isEmpty();
  }

  private static int count(String text, String literal) {
    Matcher m = Pattern.compile(Pattern.quote(literal)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
