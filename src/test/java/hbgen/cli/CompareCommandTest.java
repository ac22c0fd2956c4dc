package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.results.SearchFixture;
import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hbgen compare}: a finished Hyperband search (the results fixture, maximizing accuracy),
 * a random search still running and a finished grid search of the same objective.
 */
class CompareCommandTest {
  /** Reviewed outputs of {@code hbgen compare}; regenerate with {@code -Dgolden.update=true} and review the diff. */
  static final Path GOLDEN = Path.of("src/test/resources/golden-compare");
  static final String SPACE = "src/test/resources/spaces/small.yaml";

  @TempDir Path tmp;

  /** Compares {@code out}, with the temporary directory shown as {@code runs}, with the golden file {@code name}. */
  void golden(String name, String out) throws IOException {
    String actual = out.replace(tmp.toString(), "runs");
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
    }
    assertThat(file).as("golden copy %s exists (run with -Dgolden.update=true)", file).exists();
    assertThat(actual).isEqualTo(Files.readString(file));
  }

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  /** The finished Hyperband search of the results fixture, moved to {@code tmp/hyperband}. */
  Path hyperband() throws IOException {
    SearchFixture f = SearchFixture.finished(tmp.resolve("fixture"));
    return Files.move(f.root, tmp.resolve("hyperband"));
  }

  /** A random search of 6 configurations at budget 9 (maximizing accuracy), of which 3 have finished. */
  Path random() throws IOException {
    Path root = tmp.resolve("random");
    ok("random", "6", "-o", root.toString(), "--budget", "9", "--random-seed", "4", "--space", SPACE, "--trainer", "t",
        "--objective", "accuracy", "--maximize");
    complete(root, 0, "0.7", "2026-01-01T00:00:05Z");
    fail(root, 1, "2026-01-01T00:00:06Z");
    complete(root, 2, "0.9", "2026-01-01T00:00:07Z");
    return root;
  }

  /** A grid search over the small space's choices, every trial finished. */
  Path grid() throws IOException {
    Path space = Files.writeString(tmp.resolve("grid.yaml"), "parameters:\n  lr: {choice: [0.1, 0.01, 0.001]}\n");
    Path root = tmp.resolve("grid");
    ok("grid", "-o", root.toString(), "--space", space.toString(), "--trainer", "t", "--budget", "3",
        "--objective", "accuracy", "--maximize", "--random-seed", "5");
    complete(root, 0, "0.6", "2026-01-01T00:00:01Z");
    complete(root, 1, "0.8", "2026-01-01T00:00:02Z");
    complete(root, 2, "0.75", "2026-01-01T00:00:03Z");
    return root;
  }

  /** A completed trial of a one-stage search: its result and its ledger line, as run.sh writes them. */
  static void complete(Path root, int config, String accuracy, String time) throws IOException {
    Path trial = root.resolve("bracket-0/stage-0/config-" + config);
    String result = "{\"accuracy\": " + accuracy + ", \"loss\": 0.5}";
    Files.writeString(trial.resolve("result"), result + "\n");
    ledger(root, time, config, "completed", accuracy, result, "");
  }

  /** A failed trial of a one-stage search. */
  static void fail(Path root, int config, String time) throws IOException {
    Path trial = root.resolve("bracket-0/stage-0/config-" + config);
    Files.writeString(trial.resolve("failed"), "time: " + time + "\nexit_code: 1\nreason: exit code 1\nattempts: 1\n");
    Files.writeString(trial.resolve("result"), "nan\n");
    ledger(root, time, config, "failed", "nan", "{}", "exit code 1");
  }

  private static void ledger(Path root, String time, int config, String state, String objective, String metrics,
      String reason) throws IOException {
    String budget = budgetOf(root);
    Files.writeString(root.resolve("results.tsv"), String.join("\t", time, "bracket-0/stage-0/config-" + config, state,
        objective, budget, "4", "1", metrics, reason, "node-7", "") + "\n", StandardOpenOption.APPEND);
  }

  private static String budgetOf(Path root) {
    return root.getFileName().toString().equals("grid") ? "3" : "9";
  }

  @Nested
  class Table {
    @Test
    void textNamesEachSearchsBestUnderItsOwnRuleWithTrialsAndBudgetSpent() throws IOException {
      Path hb = hyperband();
      Path random = random();
      Path grid = grid();
      Cli.Run r = ok("compare", hb.toString(), random.toString(), grid.toString());
      golden("three.txt", r.out());
      assertThat(r.err()).isEmpty();
      List<String> lines = r.out().lines().toList();
      assertThat(lines).hasSize(5);
      assertThat(lines.get(0)).startsWith("Objective accuracy (maximize). Spent: the budget (budget units)");
      // Hyperband: under top-budget the incumbent is the best at the largest budget, not the overall best.
      assertThat(lines.get(2).split(" +")).containsExactly("hyperband", "hyperband", "22/22", "69", "0.97",
          "bracket-0/stage-2/config-0", "9");
      assertThat(lines.get(3).split(" +")).as("running: 3 of 6 finished, the failed trial's budget counts")
          .containsExactly("random", "random", "3/6", "27", "0.9", "bracket-0/stage-0/config-2", "9");
      assertThat(lines.get(4).split(" +")).containsExactly("grid", "grid", "3/3", "9", "0.8",
          "bracket-0/stage-0/config-1", "3");
    }

    @Test
    void jsonHasTheSameTable() throws IOException {
      Path hb = hyperband();
      Path random = random();
      Cli.Run r = ok("compare", "--format", "json", hb.toString(), random.toString());
      golden("two.json", r.out());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.get("objective").textValue()).isEqualTo("accuracy");
      assertThat(j.get("direction").textValue()).isEqualTo("maximize");
      assertThat(j.get("unit").textValue()).isEqualTo("budget");
      JsonNode rnd = j.get("searches").get(1);
      assertThat(rnd.get("search").textValue()).isEqualTo("random");
      assertThat(rnd.get("complete").booleanValue()).isFalse();
      assertThat(rnd.get("finished").intValue()).isEqualTo(3);
      assertThat(rnd.get("trials").intValue()).isEqualTo(6);
      assertThat(rnd.get("spent").doubleValue()).isEqualTo(27.0);
      assertThat(rnd.get("best").get("trial").textValue()).isEqualTo("bracket-0/stage-0/config-2");
      assertThat(rnd.get("best").get("value").doubleValue()).isEqualTo(0.9);
    }

    @Test
    void aSearchWithoutACompletedTrialHasNoBestYet() throws IOException {
      Path hb = hyperband();
      Path empty = tmp.resolve("empty");
      ok("random", "2", "-o", empty.toString(), "--budget", "9", "--space", SPACE, "--trainer", "t",
          "--objective", "accuracy", "--maximize");
      Cli.Run r = ok("compare", hb.toString(), empty.toString());
      assertThat(r.out().lines().toList().get(3).split(" +")).containsExactly("empty", "random", "0/2", "0", "-", "-", "-");
      JsonNode j = new ObjectMapper().readTree(ok("compare", "--format", "json", hb.toString(), empty.toString()).out());
      assertThat(j.get("searches").get(1).get("best").isNull()).isTrue();
    }

    @Test
    void directoriesOfOneNameAreShownByTheirPaths() throws IOException {
      Path a = Files.createDirectories(tmp.resolve("a"));
      Path b = Files.createDirectories(tmp.resolve("b"));
      ok("random", "2", "-o", a.resolve("s").toString(), "--space", SPACE, "--trainer", "t");
      ok("random", "2", "-o", b.resolve("s").toString(), "--space", SPACE, "--trainer", "t");
      Cli.Run r = ok("compare", a.resolve("s").toString(), b.resolve("s").toString());
      assertThat(r.out().lines().toList().get(2)).startsWith(a.resolve("s") + " ");
      assertThat(r.out().lines().toList().get(3)).startsWith(b.resolve("s") + " ");
    }
  }

  @Nested
  class Html {
    /** The strokes of the best-so-far lines (and their legend samples): 2 px wide, one colour per series. */
    static final Pattern STEP_STROKE = Pattern.compile("stroke:(rgb\\([0-9, ]+\\));stroke-width:2;");

    @Test
    void thePageHasOneBestSoFarLinePerSearchAndTheTable() throws IOException {
      Path hb = hyperband();
      Path random = random();
      Path grid = grid();
      Path page = tmp.resolve("out/compare.html");
      Cli.Run r = ok("compare", hb.toString(), random.toString(), grid.toString(), "--html", page.toString());
      assertThat(r.err()).isEqualTo("Wrote " + page + ".\n");
      String html = Files.readString(page);
      assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("<script", "http-equiv");
      assertThat(Files.list(page.getParent()).map(p -> p.getFileName().toString()).toList())
          .as("written whole: no temporary file left").containsExactly("compare.html");
      Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
      assertThat(svg.find()).isTrue();
      String chart = svg.group();
      assertThat(svg.find()).as("one chart").isFalse();
      assertThat(chart).contains("aria-label=\"Best so far against cumulative budget\"");
      // One step line per search, each in its own colour (XChart draws a line as segments).
      List<String> colours = STEP_STROKE.matcher(chart).results().map(m -> m.group(1)).distinct().toList();
      assertThat(colours).hasSize(3);
      assertThat(html).contains("<td><code>hyperband</code></td>", "<td><code>random</code></td>",
          "<td><code>grid</code></td>", "<code>bracket-0/stage-2/config-0</code>");
    }
  }

  @Nested
  class BadInput {
    @Test
    void oneDirectoryIsAUsageError() throws IOException {
      Path random = random();
      Cli.Run r = Cli.run("compare", random.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("hbgen: compare needs at least two search directories, got 1 (" + random + ")\n");
    }

    @Test
    void differentObjectivesOrDirectionsAreAUsageErrorNamingBoth() throws IOException {
      Path hb = hyperband();
      Path loss = tmp.resolve("loss");
      ok("random", "2", "-o", loss.toString(), "--space", SPACE, "--trainer", "t", "--objective", "loss");
      Path page = tmp.resolve("compare.html");
      Cli.Run r = Cli.run("compare", hb.toString(), loss.toString(), "--html", page.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("hbgen: " + loss + ": objective loss (minimize) differs from " + hb
          + ": objective accuracy (maximize); compare needs searches of the same objective and direction\n");
      assertThat(page).as("nothing written").doesNotExist();
      Path min = tmp.resolve("min");
      ok("random", "2", "-o", min.toString(), "--space", SPACE, "--trainer", "t", "--objective", "accuracy");
      Cli.Run d = Cli.run("compare", hb.toString(), min.toString());
      assertThat(d.code()).isEqualTo(2);
      assertThat(d.err()).contains(min + ": objective accuracy (minimize) differs from " + hb
          + ": objective accuracy (maximize)").hasLineCount(1);
    }

    @Test
    void aDirectoryThatIsNoSearchIsAUsageError() throws IOException {
      Path random = random();
      Cli.Run r = Cli.run("compare", random.toString(), tmp.resolve("nope").toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: " + tmp.resolve("nope") + ": no such search directory\n");
    }
  }
}
