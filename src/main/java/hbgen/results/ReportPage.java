package hbgen.results;

import hbgen.trial.TrialState;
import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.search.SearchDir;
import hbgen.trial.TrialId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report: one self-contained HTML page (inline CSS and SVG, no script, no network) with the
 * search's progress, its best configuration, the charts of {@link ReportPlots} and a status table.
 * An empty or half-finished search gets the same page, with notes where charts have no data yet.
 */
public final class ReportPage {
  /** Rows of the top-trials table. */
  static final int TOP = 10;

  static final String CSS = """
      :root { color-scheme: light; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
             color: #202124; background: #f6f7f9; }
      main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 40px; }
      h1 { font-size: 22px; margin: 0 0 4px; }
      h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #dadce0; }
      h3 { font-size: 14px; margin: 0 0 6px; font-weight: 600; }
      code { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
      .meta { color: #5f6368; margin: 0 0 12px; }
      .banner { padding: 8px 12px; border-radius: 6px; margin: 8px 0 16px; }
      .banner.done { background: #e6f4ea; color: #137333; }
      .banner.running { background: #fef7e0; color: #8a5a00; }
      .banner.waiting { background: #e8f0fe; color: #174ea6; }
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 10px; }
      .card { background: #fff; border: 1px solid #e0e3e7; border-radius: 8px; padding: 10px 12px; }
      .card .n { font-size: 20px; font-weight: 600; }
      .card .l { color: #5f6368; font-size: 12px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }
      figure.chart { margin: 0; background: #fff; border: 1px solid #e0e3e7; border-radius: 8px; padding: 12px; }
      figure.chart svg { display: block; width: 100%; height: auto; }
      figcaption { color: #5f6368; font-size: 12.5px; margin-top: 6px; }
      p.empty { color: #5f6368; background: #f1f3f4; border-radius: 6px; padding: 28px 12px; text-align: center; margin: 0; }
      table { border-collapse: collapse; background: #fff; border: 1px solid #e0e3e7; font-size: 13px; }
      th, td { padding: 4px 10px; border-bottom: 1px solid #eceef1; text-align: left; vertical-align: top; }
      th { background: #f1f3f4; font-weight: 600; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      td.zero { color: #bdc1c6; }
      section.panel { background: #fff; border: 1px solid #e0e3e7; border-radius: 8px; padding: 12px; }
      section.panel .meta { margin: 0 0 8px; font-size: 12.5px; }
      table.wide { width: 100%; }
      .tag { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
             background: #e8f0fe; color: #174ea6; }
      .tag.final { background: #e6f4ea; color: #137333; }
      .scroll { overflow-x: auto; }
      footer { color: #80868b; font-size: 12px; margin-top: 32px; }
      tr.best td { background: #e6f4ea; font-weight: 600; }
      .tag.model { background: #f3e8fd; color: #681da8; }
      p.bestpoint { margin: 0 0 10px; }
      pre.log { margin: 0; max-width: 520px; max-height: 10em; overflow: auto; white-space: pre-wrap;
                font: 11.5px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; color: #3c4043; }
      table.kinds { margin-bottom: 10px; }
      /* NO_COLOR was set when the page was written: everything in grey. */
      html.no-color { filter: grayscale(1); }
      @media print {
        body { background: #fff; font-size: 11px; }
        main { max-width: none; padding: 0; }
        .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }
        figure.chart, section.panel, .card, tr, pre.log { break-inside: avoid; }
        h2, h3 { break-after: avoid; }
        .scroll { overflow: visible; }
        pre.log { max-height: none; }
        .banner, .card, figure.chart, section.panel, table { border-color: #999; }
      }
      """;

  private ReportPage() {}

  /**
   * The page.
   *
   * @param results the search's trials
   * @param shownRoot the search directory as the user named it
   * @param generated when the report is written (shown in the footer)
   * @param version hbgen's version
   * @param draw draws a plot as inline SVG
   */
  public static String render(SearchResults results, Path shownRoot, String generated, String version,
      Function<Plot, String> draw) {
    return render(results, shownRoot, generated, version, draw, 0);
  }

  /**
   * The page, reloading itself every {@code refreshSeconds} seconds when that is above 0 ({@code
   * hbgen report --watch}: a {@code <meta http-equiv="refresh">} tag, no script).
   */
  public static String render(SearchResults results, Path shownRoot, String generated, String version,
      Function<Plot, String> draw, int refreshSeconds) {
    return render(results, shownRoot, generated, version, draw, refreshSeconds, r -> new Plot("importance",
        "Parameter importance", "parameter", "share of the objective's variance", false, List.of(), List.of(),
        "Not computed for this page."), false);
  }

  /**
   * The page, with the views of its strategy: Hyperband's brackets (and a BOHB search's
   * proposals), a grid's points and heat map; random and grid searches have no bracket charts,
   * since all their trials share one budget.
   *
   * @param importance the parameter-importance chart of the results (computed outside this pure view)
   * @param noColor whether the page is to be shown without colour ({@code NO_COLOR}): in grey
   */
  public static String render(SearchResults results, Path shownRoot, String generated, String version,
      Function<Plot, String> draw, int refreshSeconds, Function<SearchResults, Plot> importance, boolean noColor) {
    if (refreshSeconds < 0) {
      throw new IllegalArgumentException("refresh interval must be >= 0 seconds, was " + refreshSeconds);
    }
    SearchDir search = results.search();
    String strategy = search.strategy();
    List<ParameterScale> scales = ParameterScale.of(search, results.trials());
    StringBuilder h = new StringBuilder(1 << 16);
    String name = shownRoot.toAbsolutePath().normalize().getFileName() == null ? shownRoot.toString()
        : shownRoot.toAbsolutePath().normalize().getFileName().toString();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"").append(noColor ? " class=\"no-color\"" : "")
        .append(">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    if (refreshSeconds > 0) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
    }
    h.append("<title>hbgen report: ").append(esc(name)).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(h, results, name, refreshSeconds);
    h.append("<h2 id=\"best\">Best configuration and progress</h2>\n<div class=\"grid\">\n");
    best(h, results, shownRoot);
    figure(h, ReportPlots.progress(results), draw);
    h.append("</div>\n");
    if (strategy.equals("grid")) {
      h.append("<h2 id=\"points\">Grid points</h2>\n");
      Ranking mean = Ranking.of(search.objective(), search.direction(), null, null, Ranking.Aggregate.MEAN);
      List<Points.Point> points = Points.of(results.trials(), mean::value);
      Optional<Points.Point> best = Points.best(points, search.direction(), search.incumbent());
      ReportSections.points(h, results, points, best, scales);
      Plot heat = best.map(b -> ShapePlots.heatMap(results, points, b.budget())).orElse(null);
      if (heat != null) {
        h.append("<div class=\"grid\">\n");
        figure(h, heat, draw);
        h.append("</div>\n");
      }
    }
    if (search.batches() != null) {
      ReportSections.proposals(h, results);
    }
    if (strategy.equals("hyperband")) {
      h.append("<h2 id=\"brackets\">Objective by budget, per bracket</h2>\n<div class=\"grid\">\n");
      ReportPlots.brackets(results).forEach(p -> figure(h, p, draw));
      h.append("</div>\n");
    }
    h.append("<h2 id=\"parameters\">Objective by parameter</h2>\n");
    List<Plot> params = new ArrayList<>(ReportPlots.parameters(results, scales));
    params.addAll(ShapePlots.categorical(results, scales));
    if (params.isEmpty()) {
      h.append("<p class=\"empty\">The space has no parameters to plot.</p>\n");
    } else {
      h.append("<div class=\"grid\">\n");
      params.forEach(p -> figure(h, p, draw));
      h.append("</div>\n");
    }
    categorical(h, results, scales);
    h.append("<h2 id=\"importance\">Which parameters matter</h2>\n<div class=\"grid\">\n");
    figure(h, importance.apply(results), draw);
    figure(h, ShapePlots.parallel(results, scales), draw);
    h.append("</div>\n");
    ReportSections.failures(h, results);
    status(h, results);
    top(h, results, scales);
    h.append("<footer>Written by hbgen ").append(esc(version)).append(" at ").append(esc(generated))
        .append(" from <code>").append(esc(shownRoot.toString())).append("</code>. Data: <code>hbgen results ")
        .append(esc(shownRoot.toString())).append("</code>.</footer>\n</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, SearchResults results, String name, int refreshSeconds) {
    SearchDir search = results.search();
    Map<String, Object> m = search.manifest();
    h.append("<h1>").append(esc(capitalized(search.strategy()))).append(" search <code>").append(esc(name))
        .append("</code></h1>\n");
    List<String> meta = new ArrayList<>();
    if (search.strategy().equals("hyperband")) {
      meta.add("s_max " + search.plan().sMax() + ", eta " + search.plan().eta());
    }
    int iterations = search.plan().iterations();
    meta.add(search.plan().brackets().size() + " bracket" + (search.plan().brackets().size() == 1 ? "" : "s")
        + (iterations > 1 ? " in " + iterations + " iterations" : "") + ", " + results.trials().size() + " trials");
    meta.add("objective " + (search.objective().isEmpty() ? "(the result's number)" : search.objective())
        + " (" + search.direction().label() + ")");
    if (m.get("seed") != null) {
      meta.add("seed " + m.get("seed"));
    }
    if (m.get("created") != null) {
      meta.add("created " + m.get("created"));
    }
    h.append("<p class=\"meta\">").append(esc(String.join(" · ", meta))).append("</p>\n");
    String kind = results.complete() ? "done" : results.finished() == 0 ? "waiting" : "running";
    String later = refreshSeconds > 0 ? "this page reloads every " + refreshSeconds + " s" : "run the report again later";
    String text = switch (kind) {
      case "done" -> "Search finished: " + results.progress() + ".";
      case "waiting" -> "No trial has finished yet: " + results.progress()
          + ". Charts appear as results come in; " + later + ".";
      default -> "Search in progress (or interrupted): " + results.progress() + ". Charts show the trials finished so far"
          + (refreshSeconds > 0 ? "; " + later : "") + ".";
    };
    h.append("<p class=\"banner ").append(kind).append("\">").append(esc(text)).append("</p>\n");
    Map<TrialState, Long> counts = results.counts();
    h.append("<div class=\"cards\">\n");
    card(h, Long.toString(results.trials().size()), "trials");
    for (TrialState s : TrialState.values()) {
      if (counts.get(s) > 0 || s == TrialState.COMPLETED || s == TrialState.FAILED) {
        card(h, Long.toString(counts.get(s)), s.label());
      }
    }
    double cost = 0;
    for (Trial t : results.trials()) {
      if (t.state() == TrialState.COMPLETED || t.state() == TrialState.FAILED) {
        cost += ReportPlots.cost(search, t);
      }
    }
    card(h, Json.budget(Math.round(cost * 100) / 100.0),
        "cost spent (of " + Json.budget(Math.round(ReportPlots.plannedCost(search) * 100) / 100.0) + " planned)");
    h.append("</div>\n");
  }

  private static void card(StringBuilder h, String number, String label) {
    h.append("<div class=\"card\"><div class=\"n\">").append(esc(number)).append("</div><div class=\"l\">")
        .append(esc(label)).append("</div></div>\n");
  }

  private static void best(StringBuilder h, SearchResults results, Path shownRoot) {
    h.append("<section class=\"panel\">\n");
    Optional<BestAnswer> best = BestAnswer.of(results, shownRoot);
    if (best.isEmpty()) {
      h.append("<h3>Best configuration</h3>\n")
          .append("<p class=\"empty\">No trial has finished with a usable result yet.</p>\n</section>\n");
      return;
    }
    BestAnswer b = best.get();
    h.append("<h3>").append(b.isFinal() ? "<span class=\"tag final\">final</span> " : "<span class=\"tag\">best so far</span> ")
        .append(esc(objectiveName(results))).append(" ").append(esc(Json.number(b.value()))).append(" at budget ")
        .append(esc(Json.budget(b.budget()))).append("</h3>\n");
    h.append("<p class=\"meta\">Trial <code>").append(esc(b.trial().path())).append("</code>; its config: <code>")
        .append(esc(b.path())).append("</code>").append(b.isFinal() ? " (as in best.yaml)" : "").append("</p>\n");
    h.append("<table class=\"wide\">\n<tr><th>metric</th><th class=\"num\">value</th></tr>\n");
    if (b.metrics().isEmpty()) {
      h.append("<tr><td>").append(esc(objectiveName(results))).append("</td><td class=\"num\">")
          .append(esc(Json.number(b.value()))).append("</td></tr>\n");
    }
    b.metrics().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">")
        .append(esc(Json.number(v))).append("</td></tr>\n"));
    h.append("<tr><th>parameter</th><th class=\"num\">value</th></tr>\n");
    if (b.params().isEmpty()) {
      h.append("<tr><td colspan=\"2\">(the config could not be read as parameters)</td></tr>\n");
    }
    b.params().forEach((k, v) -> h.append("<tr><td><code>").append(esc(k)).append("</code></td><td class=\"num\">")
        .append(esc(ResultsTable.cell(v))).append("</td></tr>\n"));
    h.append("</table>\n</section>\n");
  }

  static void figure(StringBuilder h, Plot p, Function<Plot, String> draw) {
    h.append("<figure class=\"chart").append(p.isEmpty() ? " empty" : "").append("\" id=\"chart-")
        .append(p.id()).append("\">\n<h3>").append(esc(p.title())).append("</h3>\n");
    if (p.isEmpty()) {
      h.append("<p class=\"empty\">").append(esc(p.caption())).append("</p>\n");
    } else {
      h.append(draw.apply(p)).append('\n');
      h.append("<figcaption>").append(esc(p.caption())).append("</figcaption>\n");
    }
    h.append("</figure>\n");
  }

  /** Non-numeric parameters: per value, how many trials completed and the best and mean objective. */
  private static void categorical(StringBuilder h, SearchResults results, List<ParameterScale> scales) {
    List<ParameterScale> cats = scales.stream().filter(p -> !p.numeric()).toList();
    if (cats.isEmpty()) {
      return;
    }
    var direction = results.search().direction();
    h.append("<h3 style=\"margin-top:16px\">Categorical parameters (completed trials)</h3>\n<div class=\"scroll\"><table>\n")
        .append("<tr><th>parameter</th><th>value</th><th class=\"num\">completed</th><th class=\"num\">best</th>")
        .append("<th class=\"num\">mean</th></tr>\n");
    for (ParameterScale p : cats) {
      Map<String, List<Double>> byValue = new TreeMap<>();
      for (Trial t : results.trials()) {
        Object v = t.params().values().get(p.name());
        if (v != null && t.state() == TrialState.COMPLETED) {
          byValue.computeIfAbsent(ResultsTable.cell(v), k -> new ArrayList<>()).add(t.value());
        }
      }
      if (byValue.isEmpty()) {
        h.append("<tr><td><code>").append(esc(p.name()))
            .append("</code></td><td colspan=\"4\">no completed trial yet</td></tr>\n");
      }
      byValue.forEach((value, vs) -> {
        double best = vs.stream().min(direction::compare).orElse(Double.NaN);
        double mean = vs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        h.append("<tr><td><code>").append(esc(p.name())).append("</code></td><td>").append(esc(value))
            .append("</td><td class=\"num\">").append(vs.size()).append("</td><td class=\"num\">").append(esc(short4(best)))
            .append("</td><td class=\"num\">").append(esc(short4(mean))).append("</td></tr>\n");
      });
    }
    h.append("</table></div>\n");
  }

  /** Trials per state for each bracket and stage. */
  private static void status(StringBuilder h, SearchResults results) {
    h.append("<h2 id=\"status\">Status</h2>\n<div class=\"scroll\"><table>\n<tr><th>bracket</th><th>stage</th>")
        .append("<th class=\"num\">budget</th><th class=\"num\">slots</th>");
    for (TrialState s : TrialState.values()) {
      h.append("<th class=\"num\">").append(s.label()).append("</th>");
    }
    h.append("<th class=\"num\">best</th></tr>\n");
    Map<String, List<Trial>> trials = results.trials().stream()
        .collect(Collectors.groupingBy(t -> t.id().bracket() + "/" + t.id().stage()));
    var direction = results.search().direction();
    var plan = results.search().plan();
    for (Bracket b : plan.brackets()) {
      String bracket = b.index() + (plan.iterations() > 1 ? " (iteration " + plan.iteration(b) + ")" : "");
      for (Stage s : b.stages()) {
        List<Trial> ts = trials.getOrDefault(b.index() + "/" + s.index(), List.of());
        Map<TrialState, Long> c = new EnumMap<>(TrialState.class);
        ts.forEach(t -> c.merge(t.state(), 1L, Long::sum));
        double best = ts.stream().map(Trial::value).min(direction::compare).orElse(Double.NaN);
        h.append("<tr><td>").append(bracket).append("</td><td>").append(s.index()).append("</td><td class=\"num\">")
            .append(esc(Json.budget(s.budget()))).append("</td><td class=\"num\">").append(s.configs()).append("</td>");
        for (TrialState st : TrialState.values()) {
          long n = c.getOrDefault(st, 0L);
          h.append("<td class=\"num").append(n == 0 ? " zero" : "").append("\">").append(n).append("</td>");
        }
        h.append("<td class=\"num\">").append(esc(short4(best))).append("</td></tr>\n");
      }
    }
    h.append("</table></div>\n");
  }

  /** The best completed trials. */
  private static void top(StringBuilder h, SearchResults results, List<ParameterScale> scales) {
    var direction = results.search().direction();
    List<Trial> best = results.trials().stream().filter(t -> t.state() == TrialState.COMPLETED)
        .sorted(order(direction))
        .limit(TOP).toList();
    h.append("<h2 id=\"top\">Top trials</h2>\n");
    if (best.isEmpty()) {
      h.append("<p class=\"empty\">No trial has completed yet.</p>\n");
      return;
    }
    List<String> params = scales.stream().map(ParameterScale::name).toList();
    boolean iterations = results.search().plan().iterations() > 1;
    boolean proposed = results.search().batches() != null;
    Map<TrialId, Trial> byId = new HashMap<>();
    results.trials().forEach(t -> byId.put(t.id(), t));
    h.append("<div class=\"scroll\"><table>\n<tr><th>trial</th>").append(iterations ? "<th class=\"num\">iteration</th>" : "")
        .append(proposed ? "<th>proposed by</th>" : "").append("<th class=\"num\">budget</th><th class=\"num\">")
        .append(esc(objectiveName(results))).append("</th>");
    params.forEach(p -> h.append("<th>").append(esc(p)).append("</th>"));
    h.append("</tr>\n");
    for (Trial t : best) {
      h.append("<tr><td><code>").append(esc(t.id().path())).append("</code></td>");
      if (iterations) {
        h.append("<td class=\"num\">").append(t.iteration()).append("</td>");
      }
      if (proposed) {
        Boolean model = results.proposals().get(ReportSections.origin(byId, t));
        h.append("<td>").append(model == null ? "" : model ? "<span class=\"tag model\">model</span>" : "prior").append("</td>");
      }
      h.append("<td class=\"num\">")
          .append(esc(Json.budget(t.budget()))).append("</td><td class=\"num\">").append(esc(short4(t.value()))).append("</td>");
      params.forEach(p -> {
        Object v = t.params().values().get(p);
        h.append("<td>").append(esc(v instanceof Double d ? short4(d) : ResultsTable.cell(v))).append("</td>");
      });
      h.append("</tr>\n");
    }
    h.append("</table></div>\n");
  }

  /** Best objective first, then the larger budget, then the earlier trial (the rule of hbgen best). */
  private static Comparator<Trial> order(hbgen.trial.Direction direction) {
    Comparator<Trial> byValue = (a, b) -> direction.compare(a.value(), b.value());
    return byValue.thenComparing((a, b) -> Double.compare(b.budget(), a.budget())).thenComparingInt(Trial::number);
  }

  private static String objectiveName(SearchResults results) {
    return results.search().objective().isEmpty() ? "objective" : results.search().objective();
  }

  /** A number with four significant digits for tables (exact values are in hbgen results). */
  static String short4(double d) {
    if (Double.isNaN(d)) {
      return "";
    }
    if (d != 0 && (Math.abs(d) >= 1e6 || Math.abs(d) < 1e-3)) {
      return String.format(java.util.Locale.ROOT, "%.3e", d);
    }
    return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Text escaped for HTML content and double-quoted attributes. */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
