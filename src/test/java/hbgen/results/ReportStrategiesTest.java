package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report of a Hyperband search (BOHB sampler), a random search and a grid search with
 * {@code --trials 3}, each run to the end by {@code hbgen run} with a real trainer: the sections of
 * each strategy, and each page in headless Chromium without console errors or network access.
 *
 * <p>With {@code -Dreport.screenshots=DIR} the Chromium test also writes the three pages as
 * report-hyperband.png, report-random.png and report-grid.png into DIR (the README's are in docs/).
 */
class ReportStrategiesTest {
  /**
   * loss depends on lr (strongly, best near 10^-2.5), the optimizer and width (a little) and the
   * budget; a seeded noise; half the trials with dropout above 0.45 crash after a log line.
   */
  static final String TRAINER = """
      import json, math, os, random, sys
      cfg = json.load(open(sys.argv[1]))
      budget = float(sys.argv[2])
      rng = random.Random(cfg.get("seed", 0))
      loss = (0.3 * (math.log10(cfg["lr"]) + 2.5) ** 2 + (0.1 if cfg["optimizer"] == "sgd" else 0.0)
              + 0.002 * abs(cfg["width"] - 96) / 8 + 1.0 / budget + rng.gauss(0, 0.03))
      if cfg.get("dropout", 0) > 0.45 and rng.random() < 0.5:
          print("epoch 1: loss diverged", file=sys.stderr)
          print("RuntimeError: NaN in gradients", file=sys.stderr)
          sys.exit(3)
      with open(os.environ["HB_RESULT"], "w") as f:
          f.write(json.dumps({"loss": loss, "accuracy": 1 - loss / 3}) + "\\n")
      """;
  static final String SPACE = """
      parameters:
        lr: {loguniform: [1.0e-5, 1.0e-1]}
        width: {int: [16, 256]}
        dropout: {uniform: [0, 0.5]}
        optimizer: {choice: [sgd, adam, adamw]}
      """;
  static final String GRID = """
      parameters:
        lr: {geomspace: [1.0e-4, 1.0e-1], num: 4}
        width: {choice: [32, 64, 128]}
        optimizer: {value: adam}
      """;

  @TempDir static Path shared;
  static Path hyperband;
  static Path random;
  static Path grid;

  @BeforeAll
  static void runSearches() throws IOException {
    Path trainer = Files.writeString(shared.resolve("trainer.py"), TRAINER);
    Path space = Files.writeString(shared.resolve("space.yaml"), SPACE);
    Path gridSpace = Files.writeString(shared.resolve("grid.yaml"), GRID);
    String cmd = "python3 " + trainer;
    hyperband = shared.resolve("hyperband");
    random = shared.resolve("random");
    grid = shared.resolve("grid");
    ok("generate", "3", "3", "-o", hyperband.toString(), "--space", space.toString(), "--trainer", cmd, "--objective", "loss",
        "--random-seed", "7", "--sampler", "bohb", "--batch", "4");
    ok("random", "40", "--budget", "9", "-o", random.toString(), "--space", space.toString(), "--trainer", cmd,
        "--objective", "loss", "--random-seed", "7");
    ok("grid", "--trials", "3", "--budget", "9", "-o", grid.toString(), "--space", gridSpace.toString(), "--trainer", cmd,
        "--objective", "loss", "--random-seed", "7");
    for (Path dir : List.of(hyperband, random, grid)) {
      Cli.run("run", dir.toString(), "-j", "2");
      ok("report", dir.toString());
    }
  }

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  static String page(Path dir) throws IOException {
    return Files.readString(dir.resolve("report.html"));
  }

  static String section(String html, String id) {
    return ReportPageTest.section(html, id);
  }

  @Test
  void hyperbandShowsItsBracketsTheModelsProposalsAndMarksModelTrials() throws IOException {
    String html = page(hyperband);
    assertThat(html).contains("<h1>Hyperband search", "<h2 id=\"brackets\">", "id=\"chart-bracket-0\"",
        "<h2 id=\"proposals\">Proposals of the model (BOHB)</h2>", "<th>proposed by</th>")
        .doesNotContain("<h2 id=\"points\">");
    String proposals = section(html, "proposals");
    // Every batch has been proposed once the search finished, some of them by the model.
    assertThat(proposals).doesNotContain("<td class=\"num\">0 of ");
    Matcher model = Pattern.compile("<tr><td>(\\d+)</td><td class=\"num\">(\\d+) of (\\d+)</td><td class=\"num\">(\\d+)</td>")
        .matcher(proposals);
    int fromModel = 0;
    while (model.find()) {
      assertThat(model.group(2)).isEqualTo(model.group(3));
      fromModel += Integer.parseInt(model.group(4));
    }
    assertThat(fromModel).as(proposals).isPositive();
    assertThat(section(html, "top")).contains("<span class=\"tag model\">model</span>");
  }

  @Test
  void randomHasNoBracketChartsButObjectiveByEveryParameterImportanceAndParallelCoordinates() throws IOException {
    String html = page(random);
    assertThat(html).contains("<h1>Random search", "Best so far against cumulative cost", "cumulative")
        .doesNotContain("<h2 id=\"brackets\">", "promotions from budget", "<h2 id=\"points\">", "<h2 id=\"proposals\">");
    String params = section(html, "parameters");
    for (String p : List.of("lr (loguniform)", "width (int)", "dropout (uniform)", "optimizer (choice)")) {
      assertThat(params).contains("<h3>" + p + "</h3>");
    }
    assertThat(params).contains("id=\"chart-cat-0\"", "per value its count, the box");
    String importance = section(html, "importance");
    assertThat(importance).contains("<figure class=\"chart\" id=\"chart-importance\">", "Most important first: lr ",
        "<figure class=\"chart\" id=\"chart-parallel\">", "Axes from 0 to 1: lr ", "(log)");
  }

  @Test
  void gridHasItsPointsWithMeanSdAndCountTheBestPointAndAHeatMap() throws IOException {
    String html = page(grid);
    assertThat(html).contains("<h1>Grid search").doesNotContain("<h2 id=\"brackets\">", "promotions from budget");
    String points = section(html, "points");
    assertThat(count(points, "<tr>")).as("12 points").isEqualTo(1 + 11);
    assertThat(count(points, "<tr class=\"best\">")).isOne();
    assertThat(points).contains("<th class=\"num\">mean</th><th class=\"num\">sd</th><th class=\"num\">n</th>",
        "<span class=\"tag final\">best point by mean</span>", "<figure class=\"chart\" id=\"chart-heatmap\">",
        "Mean loss over lr and width");
    // The best point of the page is the one hbgen best --aggregate mean names.
    Cli.Run best = ok("best", grid.toString(), "--aggregate", "mean");
    Matcher lr = Pattern.compile("(?m)^  lr: (.+)$").matcher(best.out());
    Matcher width = Pattern.compile("(?m)^  width: (.+)$").matcher(best.out());
    assertThat(lr.find() && width.find()).as(best.out()).isTrue();
    Matcher row = Pattern.compile("<tr class=\"best\"><td class=\"num\">1 ★</td><td>([^<]*)</td><td>([^<]*)</td>").matcher(points);
    assertThat(row.find()).as(points).isTrue();
    assertThat(Double.parseDouble(row.group(1))).isCloseTo(Double.parseDouble(lr.group(1)),
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(row.group(2)).isEqualTo(width.group(1));
    assertThat(count(points, "</td><td class=\"num\">3</td><td class=\"num")).as("3 trials per point").isEqualTo(12);
  }

  @Test
  void failuresAreListedWithKindReasonAndLogTail() throws IOException {
    String failures = section(page(random), "failures");
    assertThat(failures).contains("<tr><th>kind</th><th class=\"num\">trials</th></tr>", "<td>exit code</td>",
        "RuntimeError: NaN in gradients");
  }

  @Nested
  class InChromium {
    @ParameterizedTest(name = "the {0} report renders with every chart drawn, no console error and no network access")
    @ValueSource(strings = {"hyperband", "random", "grid"})
    void rendersWithoutConsoleErrorsOrNetwork(String name) throws Exception {
      String chromium = Engines.require("chromium");
      Path report = shared.resolve(name).resolve("report.html");
      String html = Files.readString(report);
      assertThat(html).doesNotContainPattern("(?i)<script|<link|<img|<iframe|@import|url\\((?!#)|src=|href=\"(?!#)|https?://(?!www\\.w3\\.org/)");
      Path profile = Files.createTempDirectory(shared, "chromium-");
      // Every request goes to a proxy that does not exist, and Chromium's network log lists each one.
      Path netLog = shared.resolve(name + "-net.json");
      List<String> browser = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
          "--proxy-server=http://127.0.0.1:9", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0");
      List<String> dump = new ArrayList<>(browser);
      dump.addAll(List.of("--log-net-log=" + netLog, "--dump-dom", report.toUri().toString()));
      Engines.Result dom = Engines.exec(shared, 120, dump, Map.of());
      assertThat(dom.code()).as(dom.output()).isZero();
      assertThat(ExampleSearchReportTest.consoleMessages(dom.output())).as("console messages").isEmpty();
      assertThat(pageRequests(netLog)).as("requests of the page").isEmpty();

      // The check above can fail: the same browser logs a page's request for an image.
      Path remote = Files.writeString(shared.resolve(name + "-remote.html"), "<html><body><img src=\"http://example.com/x.png\">");
      Path controlLog = shared.resolve(name + "-control-net.json");
      List<String> control = new ArrayList<>(browser);
      control.addAll(List.of("--log-net-log=" + controlLog, "--dump-dom", remote.toUri().toString()));
      Engines.exec(shared, 120, control, Map.of());
      assertThat(pageRequests(controlLog)).contains("http://example.com/x.png");
      List<String> figures = ExampleSearchReportTest.figures(dom.output());
      assertThat(figures).hasSizeGreaterThanOrEqualTo(6);
      for (String figure : figures) {
        assertThat(figure).contains("<svg");
      }
      String dir = System.getProperty("report.screenshots");
      Path png = shared.resolve(name + ".png");
      Path shown = report;
      if (dir != null && !dir.isBlank()) {
        // For the documentation: the page as "hbgen report runs/NAME" writes it, without this machine's paths.
        png = Path.of(dir).toAbsolutePath().resolve("report-" + name + ".png");
        shown = shared.resolve(name + "-docs.html");
        Files.writeString(shown, ReportPage.render(SearchResults.read(hbgen.search.SearchDir.open(shared.resolve(name))),
            Path.of("runs", name), "2026-01-01T00:00:00Z", hbgen.cli.Version.get(), SvgChart::render, 0,
            hbgen.importance.ImportanceChart::of, false));
      }
      List<String> shot = new ArrayList<>(browser);
      shot.addAll(List.of("--screenshot=" + png, "--window-size=1366,3000", shown.toUri().toString()));
      Engines.Result screenshot = Engines.exec(shared, 120, shot, Map.of());
      assertThat(screenshot.code()).as(screenshot.output()).isZero();
      assertThat(Files.size(png)).isGreaterThan(50_000);
    }
  }

  /** The URLs of a Chromium network log other than the browser's own services (updates, time, accounts). */
  static List<String> pageRequests(Path netLog) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(Files.readString(netLog));
    while (m.find()) {
      String url = m.group(1);
      if (!url.matches("https?://[^/]*\\.(google\\.com|googleapis\\.com|gvt1\\.com|gstatic\\.com)(:\\d+)?/.*")
          && !url.startsWith("file:") && !out.contains(url)) {
        out.add(url);
      }
    }
    return out;
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
