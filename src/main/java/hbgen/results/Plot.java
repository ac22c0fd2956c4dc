package hbgen.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.util.FastMath;

/**
 * The data of one chart of the report, independent of how it is drawn.
 *
 * @param id a short name, unique in the report (used for anchors and SVG ids)
 * @param title the chart's title
 * @param xLabel the x axis title
 * @param yLabel the y axis title
 * @param logX whether the x axis is logarithmic
 * @param xCategories when not empty, x values are indices into this list, which labels them
 * @param series what to draw, in drawing order
 * @param caption one sentence under the chart (what it shows, what was left out)
 * @param cells a heat map's values, whose columns {@link #xCategories()} labels; null for other charts
 */
public record Plot(String id, String title, String xLabel, String yLabel, boolean logX, List<String> xCategories,
    List<Series> series, String caption, Cells cells) {
  /** A chart of series (no heat map). */
  public Plot(String id, String title, String xLabel, String yLabel, boolean logX, List<String> xCategories,
      List<Series> series, String caption) {
    this(id, title, xLabel, yLabel, logX, xCategories, series, caption, null);
  }

  public Plot {
    if (!id.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("plot id must be lower-case letters, digits and dashes, was " + id);
    }
    series = List.copyOf(series);
    xCategories = List.copyOf(xCategories);
    if (logX && !xCategories.isEmpty()) {
      throw new IllegalArgumentException("plot " + id + ": a categorical x axis cannot be logarithmic");
    }
    if (cells != null && (!series.isEmpty() || cells.values()[0].length != xCategories.size())) {
      throw new IllegalArgumentException("plot " + id + ": a heat map has no series and a value per x category");
    }
    boolean boxes = series.stream().anyMatch(s -> s.style() == Style.BOX);
    boolean bars = series.stream().anyMatch(s -> s.style() == Style.BAR);
    if ((boxes && series.stream().anyMatch(s -> s.style() != Style.BOX)) || (bars && xCategories.isEmpty())) {
      throw new IllegalArgumentException("plot " + id + ": boxes do not mix with other series, bars need x categories");
    }
  }

  /** Whether there is nothing to draw (the page shows the caption instead). */
  public boolean isEmpty() {
    return series.isEmpty() && cells == null;
  }

  /**
   * The values of a heat map: one row per y label, one column per x category, NaN where no value.
   *
   * @param rows the y labels, bottom to top
   * @param values {@code values[row][column]}, as many rows as labels, at least one finite value
   */
  public record Cells(List<String> rows, double[][] values) {
    public Cells {
      rows = List.copyOf(rows);
      if (rows.isEmpty() || values.length != rows.size()) {
        throw new IllegalArgumentException("a heat map needs a row of values per row label, had " + values.length
            + " rows for " + rows.size() + " labels");
      }
      double[][] copy = new double[values.length][];
      boolean any = false;
      for (int r = 0; r < values.length; r++) {
        copy[r] = values[r].clone();
        if (copy[r].length != values[0].length || copy[r].length == 0) {
          throw new IllegalArgumentException("heat map rows must have one equal, positive length");
        }
        for (double v : copy[r]) {
          any |= Double.isFinite(v);
        }
      }
      if (!any) {
        throw new IllegalArgumentException("a heat map needs at least one finite value");
      }
      values = copy;
    }

    @Override public double[][] values() {
      double[][] out = new double[values.length][];
      for (int r = 0; r < values.length; r++) {
        out[r] = values[r].clone();
      }
      return out;
    }

    @Override public boolean equals(Object o) {
      return o instanceof Cells c && c.rows.equals(rows) && Arrays.deepEquals(c.values, values);
    }

    @Override public int hashCode() {
      return rows.hashCode() * 31 + Arrays.deepHashCode(values);
    }

    @Override public String toString() {
      return "Cells[" + rows + ", " + Arrays.deepToString(values) + "]";
    }
  }

  /** How a series is drawn. */
  public enum Style {
    /** Points joined by a line, with markers. */
    LINE,
    /** Markers only. */
    SCATTER,
    /** Small faint markers (context behind the main series). */
    FAINT,
    /** A step line without markers (running best). */
    STEP,
    /** Bars at the x categories (one series). */
    BAR,
    /** A box plot of the series' y values (x ignored); a chart of boxes has one box per series. */
    BOX
  }

  /**
   * One series of points.
   *
   * @param name the legend entry
   * @param x x values
   * @param y y values, as many as x, all finite
   * @param style how to draw it
   */
  public record Series(String name, double[] x, double[] y, Style style) {
    public Series {
      x = x.clone();
      y = y.clone();
      if (x.length != y.length || x.length == 0) {
        throw new IllegalArgumentException("series " + name + " needs as many x as y values, at least one; had "
            + x.length + " and " + y.length);
      }
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
          throw new IllegalArgumentException("series " + name + " has a non-finite point (" + x[i] + ", " + y[i] + ")");
        }
      }
    }

    /** The same points under another name. */
    public Series renamed(String other) {
      return new Series(other, x, y, style);
    }

    @Override public double[] x() {
      return x.clone();
    }

    @Override public double[] y() {
      return y.clone();
    }

    @Override public boolean equals(Object o) {
      return o instanceof Series s && s.name.equals(name) && Arrays.equals(s.x, x) && Arrays.equals(s.y, y) && s.style == style;
    }

    @Override public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(x) * 7 + Arrays.hashCode(y) + style.hashCode();
    }

    @Override public String toString() {
      return "Series[" + name + ", x=" + Arrays.toString(x) + ", y=" + Arrays.toString(y) + ", " + style + "]";
    }
  }

  /**
   * The same picture with fewer points, for drawing: a step line keeps only the points where its
   * value changes (and its last), and markers that would land in the same cell of a grid of
   * {@code columns} x {@code rows} over the data's range (log x on a log axis) are drawn once. Markers
   * are several cells wide, so nothing visible is lost; a report of 10,000 trials stays small.
   */
  public Plot thinned(int columns, int rows) {
    if (cells != null) {
      return this;
    }
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        double x = logX ? FastMath.log10(s.x[i]) : s.x[i];
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
        yMin = Math.min(yMin, s.y[i]);
        yMax = Math.max(yMax, s.y[i]);
      }
    }
    double xCell = xMax > xMin ? (xMax - xMin) / columns : 1;
    double yCell = yMax > yMin ? (yMax - yMin) / rows : 1;
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      java.util.BitSet keep = new java.util.BitSet(s.x.length);
      if (s.style == Style.STEP) {
        for (int i = 0; i < s.x.length; i++) {
          if (i == 0 || i == s.x.length - 1 || s.y[i] != s.y[i - 1]) {
            keep.set(i);
          }
        }
      } else if (s.style == Style.SCATTER || s.style == Style.FAINT) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < s.x.length; i++) {
          double x = logX ? FastMath.log10(s.x[i]) : s.x[i];
          long cx = (long) Math.floor((x - xMin) / xCell);
          long cy = (long) Math.floor((s.y[i] - yMin) / yCell);
          if (seen.add(cx * (rows + 2L) + cy)) {
            keep.set(i);
          }
        }
      } else {
        keep.set(0, s.x.length);
      }
      if (keep.cardinality() == s.x.length) {
        out.add(s);
        continue;
      }
      double[] x = new double[keep.cardinality()];
      double[] y = new double[x.length];
      int k = 0;
      for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) {
        x[k] = s.x[i];
        y[k++] = s.y[i];
      }
      out.add(new Series(s.name, x, y, s.style));
    }
    return new Plot(id, title, xLabel, yLabel, logX, xCategories, out, caption, cells);
  }

  /** The number of points over all series. */
  public int points() {
    return series.stream().mapToInt(s -> s.x.length).sum();
  }
}
