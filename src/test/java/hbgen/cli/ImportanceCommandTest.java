package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.results.SearchFixture;
import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hbgen importance} on searches run with a real trainer whose loss depends strongly on
 * {@code x} and not at all on {@code y} (issue 15, done-when 2), its golden text, and bad input.
 */
class ImportanceCommandTest {
  /** Golden outputs; regenerate on purpose with -Dgolden.update=true and review the diff. */
  static final Path GOLDEN = Path.of("src/test/resources/golden-importance");
  /** loss = 10 (x - 0.3)^2 + 1/budget: y, lr and opt have no effect. The score is its negative. */
  static final String TRAINER = """
      import json, os, sys
      cfg = json.load(open(sys.argv[1]))
      loss = 10 * (cfg["x"] - 0.3) ** 2 + 1 / float(sys.argv[2])
      with open(os.environ["HB_RESULT"], "w") as f:
          f.write(json.dumps({"loss": loss, "score": -loss}) + "\\n")
      """;
  static final String SPACE = """
      parameters:
        x: {uniform: [0, 1]}
        y: {uniform: [0, 1]}
        lr: {loguniform: [1.0e-5, 1.0e-1]}
        opt: {choice: [sgd, adam]}
      """;

  @TempDir static Path shared;
  static Path random;
  static Path maximized;
  static Path hyperband;

  @TempDir Path tmp;

  @BeforeAll
  static void runSearches() throws IOException {
    Path trainer = shared.resolve("trainer.py");
    Files.writeString(trainer, TRAINER);
    Path space = shared.resolve("space.yaml");
    Files.writeString(space, SPACE);
    String cmd = "python3 " + trainer;
    random = shared.resolve("random");
    maximized = shared.resolve("maximized");
    hyperband = shared.resolve("hyperband");
    ok("random", "30", "--budget", "1", "-o", random.toString(), "--space", space.toString(), "--trainer", cmd,
        "--objective", "loss", "--random-seed", "3");
    ok("random", "30", "--budget", "1", "-o", maximized.toString(), "--space", space.toString(), "--trainer", cmd,
        "--objective", "score", "--maximize", "--random-seed", "3");
    ok("generate", "2", "3", "-o", hyperband.toString(), "--space", space.toString(), "--trainer", cmd,
        "--objective", "loss", "--random-seed", "3");
    for (Path dir : List.of(random, maximized, hyperband)) {
      ok("run", dir.toString(), "-j", "2");
    }
  }

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  static List<String> order(JsonNode importances) {
    List<String> out = new ArrayList<>();
    importances.get("importances").forEach(r -> out.add(r.get("parameter").asText()));
    return out;
  }

  static double importance(JsonNode importances, String parameter) {
    for (JsonNode r : importances.get("importances")) {
      if (r.get("parameter").asText().equals(parameter)) {
        return r.get("importance").asDouble();
      }
    }
    throw new AssertionError(parameter + " not in " + importances);
  }

  @Test
  void theParameterTheTrainerDependsOnRanksFirstAndTheOneItIgnoresFarBelow() throws IOException {
    Cli.Run r = ok("importance", random.toString(), "--format", "json");
    assertThat(r.err()).isEmpty();
    JsonNode j = json(r.out());
    System.out.println("random search, 30 trials: " + r.out().replaceAll("\\s+", " "));
    assertThat(j.get("method").asText()).isEqualTo("fanova");
    assertThat(j.get("budget").asInt()).isEqualTo(1);
    assertThat(j.get("trials").asInt()).isEqualTo(30);
    assertThat(order(j).get(0)).isEqualTo("x");
    assertThat(order(j)).containsExactlyInAnyOrder("x", "y", "lr", "opt");
    assertThat(importance(j, "x")).isGreaterThan(0.9);
    assertThat(importance(j, "y")).isLessThan(0.05);
    double sum = 0;
    for (JsonNode row : j.get("importances")) {
      sum += row.get("importance").asDouble();
    }
    assertThat(sum).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void theReportRanksTheParameterTheTrainerDependsOnAboveTheOneItIgnores() throws IOException {
    Path page = tmp.resolve("report.html");
    ok("report", random.toString(), "-o", page.toString());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    int from = html.indexOf("<figure class=\"chart\" id=\"chart-importance\">");
    assertThat(from).as("the importance chart is drawn").isNotNegative();
    String figure = html.substring(from, html.indexOf("</figure>", from));
    assertThat(figure).contains("<svg", "from 30 completed trials at budget 1.");
    java.util.regex.Matcher order = java.util.regex.Pattern.compile("Most important first: ([^.]+(?:\\.\\d+[^.]*)*)\\.")
        .matcher(figure);
    assertThat(order.find()).as(figure).isTrue();
    List<String> names = new ArrayList<>();
    for (String part : order.group(1).split(", ")) {
      names.add(part.substring(0, part.indexOf(' ')));
    }
    // The page ranks as hbgen importance does: x first, y below it.
    assertThat(names).isEqualTo(order(json(ok("importance", random.toString(), "--format", "json").out())));
    assertThat(names.get(0)).isEqualTo("x");
    assertThat(names.indexOf("y")).isGreaterThan(names.indexOf("x"));
  }

  @Test
  void keysAreSortedAndTheSameSearchGivesTheSameBytes() {
    String first = ok("importance", random.toString(), "--format", "json").out();
    assertThat(first).startsWith("{\n  \"budget\": 1,\n  \"importances\": [{\"importance\": ")
        .contains("\"method\": \"fanova\",\n  \"not_assessed\": [],\n  \"trials\": 30\n}");
    assertThat(ok("importance", random.toString(), "--format", "json").out()).isEqualTo(first);
  }

  @Test
  void theDirectionDoesNotChangeImportanceWhichMeasuresVariance() throws IOException {
    // Same configurations (same seed and space), objective score = -loss, maximized.
    JsonNode min = json(ok("importance", random.toString(), "--format", "json").out());
    JsonNode max = json(ok("importance", maximized.toString(), "--format", "json").out());
    assertThat(order(max)).isEqualTo(order(min));
    for (String p : order(min)) {
      assertThat(importance(max, p)).as(p).isCloseTo(importance(min, p), org.assertj.core.api.Assertions.within(1e-9));
    }
    assertThat(ok("importance", maximized.toString()).out()).startsWith(
        "Parameter importance (fANOVA on a random forest) of score (maximize)\n");
  }

  @Nested
  class Golden {
    @Test
    void textOfAHyperbandSearchUsesTheLargestBudgetWithEnoughTrials() throws IOException {
      // 4 parameters need 9 trials: budget 9 has 5, budget 3 has 8, budget 1 has 9.
      golden("hyperband.txt", ok("importance", hyperband.toString()).out());
    }

    @Test
    void textOfTheRandomSearch() throws IOException {
      golden("random.txt", ok("importance", random.toString()).out());
    }

    @Test
    void jsonAtAChosenBudget() throws IOException {
      golden("hyperband-budget-9.json", ok("importance", hyperband.toString(), "--budget", "9", "--format", "json").out());
    }

    private void golden(String name, String actual) throws IOException {
      Path file = GOLDEN.resolve(name);
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(GOLDEN);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      }
      assertThat(file).as("golden file (run with -Dgolden.update=true)").exists();
      assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
  }

  @Nested
  class BadInput {
    static final String TIME = "2026-01-01T00:00:00Z";

    @Test
    void fewerThanTwoCompletedTrialsExitsOneSayingHowManyItNeeds() {
      SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-0", 0.5, 0.5, TIME);
      Cli.Run r = Cli.run("importance", f.root.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("hbgen: " + f.root + ": importance needs at least 2 completed trials, has 1"
          + " (1 of 22 trials finished; 16 pending, 5 unfilled)\n");
    }

    @Test
    void anEmptyBudgetExitsOneNamingIt() {
      Cli.Run r = Cli.run("importance", SearchFixture.create(tmp).root.toString(), "--budget", "9");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains(": importance needs at least 2 completed trials at budget 9, has 0 (").hasLineCount(1);
    }

    @Test
    void aRunningSearchIsAssessedAndSaysItHasNotFinished() {
      SearchFixture f = SearchFixture.create(tmp);
      for (int k = 0; k < 9; k++) {
        f.complete("bracket-0/stage-0/config-" + k, 0.1 * k, 1 - 0.1 * k, TIME);
      }
      Cli.Run r = Cli.run("importance", f.root.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("9 completed trials ");
      assertThat(r.err()).isEqualTo("hbgen: search not finished: 9 of 22 trials finished; 8 pending, 5 unfilled\n");
    }

    @Test
    void aConstantObjectiveCannotBeAssessed() {
      SearchFixture f = SearchFixture.create(tmp);
      for (int k = 0; k < 3; k++) {
        f.complete("bracket-0/stage-0/config-" + k, 0.5, 0.5, TIME);
      }
      Cli.Run r = Cli.run("importance", f.root.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("hbgen: " + f.root + ": cannot assess importance: the 3 completed trials all have"
          + " the objective 0.5\n");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
      Cli.Run r = Cli.run("importance", random.toString(), "--format", "xml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith("hbgen: Invalid value for option '--format': expected one of [TEXT, JSON]")
          .hasLineCount(1);
    }

    @Test
    void aBudgetTheSearchDoesNotHaveIsAUsageError() {
      Cli.Run r = Cli.run("importance", hyperband.toString(), "--budget", "5");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: --budget 5: not a budget of this search (its budgets: 1, 3, 9)\n");
    }

    @Test
    void aDirectoryThatIsNotASearchIsAUsageError() {
      Cli.Run r = Cli.run("importance", tmp.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).startsWith("hbgen: " + tmp + ": not an hbgen search").hasLineCount(1);
    }
  }
}
