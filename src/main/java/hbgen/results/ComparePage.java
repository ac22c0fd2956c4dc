package hbgen.results;

import static hbgen.results.ReportPage.esc;

import java.util.List;
import java.util.function.Function;

/**
 * The page of {@code hbgen compare --html}: one self-contained HTML file (inline CSS and SVG, no
 * script, no network), styled as the report, with the best-so-far chart of every search and the
 * table of their bests.
 */
public final class ComparePage {
  private ComparePage() {}

  /**
   * The page.
   *
   * @param comparison the searches
   * @param generated when the page is written (shown in the footer)
   * @param version hbgen's version
   * @param draw draws a plot as inline SVG
   */
  public static String render(Comparison comparison, String generated, String version, Function<Plot, String> draw) {
    List<Comparison.Row> rows = comparison.rows();
    String names = String.join(", ", rows.stream().map(Comparison.Row::name).toList());
    StringBuilder h = new StringBuilder(1 << 15);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>hbgen compare: ").append(esc(names)).append("</title>\n<style>\n").append(ReportPage.CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    h.append("<h1>Comparison of ").append(rows.size()).append(" searches</h1>\n<p class=\"meta\">")
        .append(esc((comparison.objective().isEmpty() ? "objective: the result's number" : "objective "
            + comparison.objective()) + " (" + comparison.direction().label() + ") · costs in "
            + (comparison.hours() ? "hours" : "budget units")))
        .append("</p>\n");
    h.append("<h2 id=\"progress\">Best so far</h2>\n");
    ReportPage.figure(h, comparison.plot(), draw);
    h.append("<h2 id=\"bests\">Bests</h2>\n<div class=\"scroll\"><table>\n<tr>");
    List<String> header = comparison.header();
    for (int i = 0; i < header.size(); i++) {
      String title = i == 2 ? "trials finished" : header.get(i);
      h.append("<th").append(numeric(i) ? " class=\"num\"" : "").append(">").append(esc(title)).append("</th>");
    }
    h.append("</tr>\n");
    for (Comparison.Row r : rows) {
      List<String> cells = Comparison.cells(r);
      h.append("<tr>");
      for (int i = 0; i < cells.size(); i++) {
        boolean code = i == 0 || i == 5;
        h.append("<td").append(numeric(i) ? " class=\"num\"" : "").append(">").append(code ? "<code>" : "")
            .append(esc(cells.get(i))).append(code ? "</code>" : "").append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table></div>\n<footer>Written by hbgen ").append(esc(version)).append(" at ").append(esc(generated))
        .append(" from ");
    for (int i = 0; i < rows.size(); i++) {
      h.append(i == 0 ? "" : ", ").append("<code>").append(esc(rows.get(i).path())).append("</code>");
    }
    h.append(".</footer>\n</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static boolean numeric(int column) {
    return column == 2 || column == 3 || column == 4 || column == 6;
  }
}
