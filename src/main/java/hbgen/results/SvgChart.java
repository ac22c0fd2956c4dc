package hbgen.results;

import hbgen.error.RuntimeFailure;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link Plot} with XChart and exports it as SVG through VectorGraphics2D, ready to be
 * inlined in HTML: no XML prolog, element ids made unique per chart and stable (VectorGraphics2D
 * names clip paths after object hashes, which would collide between charts and change between
 * runs), coordinates rounded to 1/100 px. XChart draws text as glyph outlines, so the SVG needs
 * no font at display time (the JVM needs one at drawing time).
 */
public final class SvgChart {
  /** Width of a chart in SVG user units (pixels at 100 %). */
  public static final int WIDTH = 560;
  /** Height of a chart. */
  public static final int HEIGHT = 340;
  /** Series beyond this count are drawn without a legend (it would cover the plot). */
  static final int MAX_LEGEND = 10;

  // Tableau 10: distinguishable, and the default of matplotlib users know.
  private static final Color[] CATEGORICAL = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  // Viridis without its pale yellow end (too faint on white): budgets are ordered, so their colours
  // are too (light green = small, dark purple = large).
  private static final Color[] SEQUENTIAL = {
      new Color(0x95d840), new Color(0x3cbb75), new Color(0x1f968b), new Color(0x2d708e), new Color(0x404788),
      new Color(0x440154)};
  private static final Color FAINT = new Color(0xa0a7b0);
  private static final Color FAINT_LINE = new Color(0xc3c8cf);
  private static final Color STEP = new Color(0xd62728);
  private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");
  private static final Pattern LONG_DECIMAL = Pattern.compile("(\\d\\.\\d\\d)\\d+");

  private SvgChart() {}

  /** The plot as an inline SVG element; fails with one line when the JVM cannot draw (no fonts). */
  public static String render(Plot plot) {
    if (System.getProperty("java.awt.headless") == null) {
      // Before AWT loads: a report is drawn on login nodes and in CI, without a display.
      System.setProperty("java.awt.headless", "true");
    }
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    try {
      // Cells of about 2 px, a quarter of a marker (7 px): the same picture.
      VectorGraphicsEncoder.saveVectorGraphic(chart(plot.thinned(WIDTH / 2, HEIGHT / 2)), svg,
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (IOException | RuntimeException | Error e) {
      // AWT fails in many ways without fonts (NullPointerException in FontConfiguration,
      // UnsatisfiedLinkError, "No fonts found"): name the usual cure along with the error.
      throw new RuntimeFailure("cannot draw chart '" + plot.title() + "': " + e
          + " (Java draws text with fontconfig and a font, e.g. Debian's fonts-dejavu-core)", e);
    }
    return inline(svg.toString(StandardCharsets.UTF_8), plot.id(), plot.title());
  }

  static IChart chart(Plot plot) {
    if (plot.cells() != null) {
      return heatMap(plot);
    }
    if (!plot.series().isEmpty() && plot.series().get(0).style() == Plot.Style.BOX) {
      return boxes(plot);
    }
    return plot.xCategories().isEmpty() ? xy(plot) : categories(plot);
  }

  /** One box per series (a categorical parameter's values): median, quartiles, whiskers at 1.5 IQR. */
  private static BoxChart boxes(Plot plot) {
    BoxChart c = new BoxChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(plot.xLabel()).yAxisTitle(plot.yLabel()).build();
    style(c.getStyler(), plot);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    c.getStyler().setBoxWidthFraction(0.5);
    int k = 0;
    for (Plot.Series s : plot.series()) {
      BoxSeries b = c.addSeries(s.name(), s.y());
      Color color = CATEGORICAL[k++ % CATEGORICAL.length];
      b.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0x55));
      b.setLineColor(color);
      b.setMarkerColor(color);
    }
    return c;
  }

  /**
   * A heat map of {@link Plot#cells()}: the sequential palette from low (light) to high (dark),
   * each cell labelled with its value; cells without a value stay blank.
   */
  private static HeatMapChart heatMap(Plot plot) {
    HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(plot.xLabel())
        .yAxisTitle(plot.yLabel()).build();
    style(c.getStyler(), plot);
    // The cells carry their values; the colour scale's legend would print long unrounded numbers.
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisTickMarkSpacingHint(20);
    c.getStyler().setShowValue(true);
    c.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    c.getStyler().setHeatMapValueDecimalPattern("0.####");
    c.getStyler().setHeatMapDecimalValueFormatter(ReportPage::short4);
    // The light half of viridis, so that the black values stay readable: yellow low, teal high.
    c.getStyler().setRangeColors(new Color[] {new Color(0xfde725), new Color(0xb5de2b), new Color(0x6ece58),
        new Color(0x35b779), new Color(0x26a784)});
    c.getStyler().setPlotGridLinesVisible(false);
    double[][] values = plot.cells().values();
    List<Number[]> heat = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < values.length; r++) {
      for (int x = 0; x < values[r].length; x++) {
        if (Double.isFinite(values[r][x])) {
          heat.add(new Number[] {x, r, values[r][x]});
          min = Math.min(min, values[r][x]);
          max = Math.max(max, values[r][x]);
        }
      }
    }
    c.getStyler().setMin(min);
    c.getStyler().setMax(max > min ? max : min + 1);
    c.addSeries(plot.yLabel(), plot.xCategories(), plot.cells().rows(), heat);
    return c;
  }

  private static XYChart xy(Plot plot) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(plot.xLabel()).yAxisTitle(plot.yLabel()).build();
    style(c.getStyler(), plot);
    c.getStyler().setXAxisLogarithmic(plot.logX());
    // Ticks at 1..9 of every decade overlap once the axis spans two decades or more.
    c.getStyler().setXAxisLogarithmicDecadeOnly(span(plot) >= 100);
    long main = mainSeries(plot);
    long steps = plot.series().stream().filter(s -> s.style() == Plot.Style.STEP).count();
    boolean sequential = plot.series().stream().allMatch(s -> s.style() == Plot.Style.SCATTER) && main > 1;
    int k = 0;
    for (Plot.Series s : plot.series()) {
      XYSeries x = c.addSeries(s.name(), s.x(), s.y());
      Color color = sequential ? SEQUENTIAL[(int) Math.round((double) k * (SEQUENTIAL.length - 1) / Math.max(1, main - 1))]
          : CATEGORICAL[k % CATEGORICAL.length];
      switch (s.style()) {
        case LINE -> {
          x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
          x.setLineColor(color).setLineWidth(1.5f).setLineStyle(SeriesLines.SOLID);
          x.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
          k++;
        }
        case SCATTER -> {
          x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          x.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
          k++;
        }
        case FAINT -> {
          x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          x.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(FAINT);
          x.setShowInLegend(main <= MAX_LEGEND);
        }
        case STEP -> {
          x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
          // One running best is red; several (hbgen compare) take a colour each.
          x.setLineColor(steps > 1 ? color : STEP).setLineWidth(2f).setLineStyle(SeriesLines.SOLID);
          x.setMarker(SeriesMarkers.NONE);
          k++;
        }
        default -> throw new IllegalStateException("unhandled style " + s.style());
      }
    }
    return c;
  }

  /**
   * A chart whose x values index {@link Plot#xCategories()}: XChart's category chart places every
   * category at an even step with its own label (budgets 1, 3, 9 of a bracket); a series has a
   * gap (null) where it has no point.
   */
  private static CategoryChart categories(Plot plot) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(plot.xLabel())
        .yAxisTitle(plot.yLabel()).build();
    style(c.getStyler(), plot);
    c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    c.getStyler().setOverlapped(true);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    List<String> categories = plot.xCategories();
    long main = mainSeries(plot);
    // Many lines (parallel coordinates of the top trials) are ranked, best first: dark to light.
    boolean ranked = main > MAX_LEGEND;
    int k = 0;
    for (Plot.Series s : plot.series()) {
      List<Double> y = new ArrayList<>(Collections.nCopies(categories.size(), (Double) null));
      double[] xs = s.x();
      double[] ys = s.y();
      for (int i = 0; i < xs.length; i++) {
        int at = (int) Math.round(xs[i]);
        if (at < 0 || at >= categories.size() || at != xs[i]) {
          throw new IllegalArgumentException("plot " + plot.id() + ": x value " + xs[i] + " is not a category index");
        }
        y.set(at, ys[i]);
      }
      CategorySeries x = c.addSeries(s.name(), categories, y);
      x.setChartCategorySeriesRenderStyle(s.style() == Plot.Style.SCATTER
          ? CategorySeries.CategorySeriesRenderStyle.Scatter : s.style() == Plot.Style.BAR
              ? CategorySeries.CategorySeriesRenderStyle.Bar : CategorySeries.CategorySeriesRenderStyle.Line);
      x.setLineStyle(SeriesLines.SOLID);
      if (s.style() == Plot.Style.BAR) {
        x.setFillColor(CATEGORICAL[0]);
        x.setShowInLegend(false);
      } else if (s.style() == Plot.Style.FAINT) {
        x.setLineColor(FAINT_LINE).setLineWidth(1f);
        x.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(FAINT_LINE);
        x.setShowInLegend(false);
      } else {
        Color color = ranked ? SEQUENTIAL[SEQUENTIAL.length - 1 - (int) (k++ * SEQUENTIAL.length / main)]
            : CATEGORICAL[k++ % CATEGORICAL.length];
        x.setLineColor(color).setLineWidth(1.5f);
        x.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
      }
    }
    return c;
  }

  /** The look shared by every chart: white, light grid, legend on the right unless crowded. */
  private static void style(AxesChartStyler st, Plot plot) {
    st.setChartTitleVisible(false);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderColor(new Color(0xc8ccd2));
    st.setPlotGridLinesColor(new Color(0xe8eaed));
    st.setPlotGridLinesStroke(new BasicStroke(1f));
    st.setAxisTickMarksColor(new Color(0x9aa0a6));
    st.setChartFontColor(new Color(0x202124));
    st.setAxisTickLabelsColor(new Color(0x3c4043));
    st.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    st.setLegendBorderColor(Color.WHITE);
    st.setLegendPosition(Styler.LegendPosition.OutsideE);
    st.setChartPadding(8);
    st.setMarkerSize(7);
    long main = mainSeries(plot);
    st.setLegendVisible(main > 0 && main <= MAX_LEGEND);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Plot.Series s : plot.series()) {
      for (double y : s.y()) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    if (min == max) {
      // One distinct value: XChart would draw a zero-height axis with the point on its border.
      double pad = Math.max(Math.abs(min) * 0.05, 0.05);
      st.setYAxisMin(min - pad);
      st.setYAxisMax(max + pad);
    }
  }

  private static long mainSeries(Plot plot) {
    return plot.series().stream().filter(s -> s.style() != Plot.Style.FAINT).count();
  }

  /** Ratio of the largest to the smallest positive x value. */
  static double span(Plot plot) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Plot.Series s : plot.series()) {
      for (double x : s.x()) {
        if (x > 0) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
    }
    return max > 0 ? max / min : 1;
  }

  /** The SVG document as an element to inline: no prolog, unique stable ids, short numbers. */
  static String inline(String document, String prefix, String label) {
    String svg = document.substring(document.indexOf("<svg"));
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher m = ID.matcher(svg);
    while (m.find()) {
      ids.putIfAbsent(m.group(1), prefix + "-" + (ids.size() + 1));
    }
    for (Map.Entry<String, String> e : ids.entrySet()) {
      svg = svg.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"")
          .replace("#" + e.getKey() + ")", "#" + e.getValue() + ")")
          .replace("#" + e.getKey() + "\"", "#" + e.getValue() + "\"");
    }
    svg = LONG_DECIMAL.matcher(svg).replaceAll("$1");
    return svg.replaceFirst("<svg ", Matcher.quoteReplacement("<svg class=\"chart-svg\" role=\"img\" aria-label=\""
        + ReportPage.esc(label) + "\" ")).strip();
  }
}
