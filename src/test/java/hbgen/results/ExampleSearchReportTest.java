package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example search run to the end by real Snakemake, then read the way users read it: the CSV
 * and JSON with Python's standard library, the report in headless Chromium.
 */
@Tag("engine")
class ExampleSearchReportTest {
  /** The columns the documentation (docs/results.md) promises for the example search. */
  static final List<String> COLUMNS = List.of("number", "trial", "iteration", "bracket", "stage", "config", "budget", "state", "value",
      "started", "finished", "duration_s", "attempts", "host", "slurm_job_id", "promoted_from", "reason", "note",
      "metrics_accuracy", "metrics_loss", "params_C", "params_cv_seed", "params_folds", "params_learning_rate",
      "params_optimizer", "params_penalty", "params_repetitions", "params_seed");

  @TempDir static Path tmp;
  static Path search;

  @BeforeAll
  static void runTheExampleSearchWithSnakemake() throws Exception {
    String snakemake = Engines.require("snakemake");
    search = tmp.resolve("example");
    Cli.Run gen = Cli.run("generate", "2", "3", "-o", search.toString(), "--random-seed", "1", "--objective", "accuracy",
        "--maximize", "-k", "5");
    assertThat(gen.code()).as(gen.err()).isZero();
    Engines.Result run = Engines.exec(search, 600, snakemake, "--snakefile", search.resolve("Snakefile").toString(), "-j", "2");
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(search.resolve("best.yaml")).exists();
  }

  private static Engines.Result python(String script, Path input) throws Exception {
    String python = Engines.require("python3");
    return Engines.exec(tmp, 60, python, "-c", script, input.toString());
  }

  @Test
  void theCsvLoadsWithPythonsCsvModuleIntoTheDocumentedColumns() throws Exception {
    Cli.Run r = Cli.run("results", search.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path csv = Files.writeString(tmp.resolve("results.csv"), r.out());
    Engines.Result py = python(String.join("\n",
        "import csv, sys",
        "with open(sys.argv[1], newline='') as f:",
        "    reader = csv.DictReader(f)",
        "    rows = list(reader)",
        "print(','.join(reader.fieldnames))",
        "print(len(rows), sorted(set(r['state'] for r in rows)))",
        "print(max(float(r['value']) for r in rows), sum(float(r['budget']) for r in rows))",
        "print(sorted(set(r['params_optimizer'] for r in rows)), all(float(r['params_learning_rate']) > 0 for r in rows))"),
        csv);
    assertThat(py.code()).as(py.output()).isZero();
    List<String> lines = py.output().lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.join(",", COLUMNS));
    assertThat(lines.get(1)).isEqualTo("22 ['completed']");
    assertThat(lines.get(2)).endsWith(" 78.0");
    assertThat(lines.get(3)).isEqualTo("['momentum', 'sgd'] True");
  }

  @Test
  void theJsonIsOneObjectPerTrialWithTheSameColumns() throws Exception {
    Cli.Run r = Cli.run("results", search.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    Path json = Files.writeString(tmp.resolve("results.json"), r.out());
    Engines.Result py = python(String.join("\n",
        "import json, sys",
        "rows = json.load(open(sys.argv[1]))",
        "print(type(rows).__name__, len(rows), all(type(r).__name__ == 'dict' for r in rows))",
        "print(','.join(rows[0].keys()))",
        "print(all(list(r.keys()) == list(rows[0].keys()) for r in rows), [r['number'] for r in rows] == list(range(22)))"),
        json);
    assertThat(py.code()).as(py.output()).isZero();
    assertThat(py.output().lines().toList()).containsExactly("list 22 True", String.join(",", COLUMNS), "True True");
  }

  @Test
  void bestIsTheWorkflowsAnswer() throws Exception {
    Cli.Run r = Cli.run("best", search.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    String trial = Files.readString(search.resolve("best.yaml")).lines().filter(l -> l.startsWith("trial: "))
        .findFirst().orElseThrow();
    assertThat(r.out()).contains("final: true\n", trial + "\n");
  }

  @Test
  void theReportOpensInHeadlessChromiumWithEveryChartDrawnAndNoConsoleErrors() throws Exception {
    String chromium = Engines.require("chromium");
    Path report = tmp.resolve("report.html");
    Cli.Run r = Cli.run("report", search.toString(), "-o", report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> browser = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + tmp.resolve("chromium-profile"), "--enable-logging=stderr", "--v=0");

    List<String> dump = new ArrayList<>(browser);
    dump.addAll(List.of("--dump-dom", report.toUri().toString()));
    Engines.Result dom = Engines.exec(tmp, 120, dump, Map.of());
    assertThat(dom.code()).as(dom.output()).isZero();
    assertThat(consoleMessages(dom.output())).as("console messages").isEmpty();
    List<String> figures = figures(dom.output());
    assertThat(ids(dom.output())).as("progress, 3 brackets, 2 numeric and 2 categorical parameters, parallel coordinates")
        .contains("progress", "bracket-0", "bracket-1", "bracket-2", "param-0", "param-1", "cat-0", "cat-1", "parallel");
    for (String figure : figures) {
      assertThat(figure).contains("<svg");
      assertThat(count(figure, "<(path|line|rect|circle|polyline|polygon)\\b")).as(figure.substring(0, 60)).isGreaterThan(10);
    }

    // The check above can fail: the same browser reports a broken page's console.
    Path broken = Files.writeString(tmp.resolve("broken.html"), "<html><body><script>console.error('boom'); nope();</script>");
    List<String> control = new ArrayList<>(browser);
    control.addAll(List.of("--dump-dom", broken.toUri().toString()));
    assertThat(consoleMessages(Engines.exec(tmp, 120, control, Map.of()).output())).hasSize(2);

    Path png = tmp.resolve("report.png");
    List<String> shot = new ArrayList<>(browser);
    shot.addAll(List.of("--screenshot=" + png, "--window-size=1200,2400", report.toUri().toString()));
    Engines.Result screenshot = Engines.exec(tmp, 120, shot, Map.of());
    assertThat(screenshot.code()).as(screenshot.output()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(50_000);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  /** Lines of Chromium's log that carry a page's console message (the format varies by version). */
  static List<String> consoleMessages(String log) {
    return log.lines().filter(l -> (l.contains(":CONSOLE") || l.contains("CONSOLE(") || l.contains("Uncaught"))
        && !l.contains("source: chrome://")).toList();
  }

  /** The non-empty chart figures of a DOM dump. */
  static List<String> figures(String dom) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)<figure class=\"chart\"[^>]*>(.*?)</figure>").matcher(dom);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The ids of the non-empty chart figures of a DOM dump. */
  static List<String> ids(String dom) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<figure class=\"chart\" id=\"chart-([a-z0-9-]+)\"").matcher(dom);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
