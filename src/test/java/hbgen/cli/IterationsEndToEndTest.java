package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --iterations K} planned, written, run by {@code hbgen run} and read back by every command. */
class IterationsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  @Test
  void twoIterationsRunUnderHbgenRunAndEveryCommandShowsTheIteration() throws Exception {
    String trainer = TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC);
    Path root = TestSearch.generate(tmp.resolve("a"), "2", "3", "--iterations", "2", "--objective", "accuracy",
        "--maximize", "--trainer", trainer);
    SearchDir search = SearchDir.open(root);
    assertThat(search.plan().brackets()).hasSize(6);
    assertThat(search.plan().iterations()).isEqualTo(2);
    assertThat(search.manifest().get("plan")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("iterations", 2);

    // Stage-0 configurations are distinct across both iterations (seeds aside).
    Set<Map<String, Object>> drawn = new HashSet<>();
    int sampled = 0;
    for (TrialId id : search.trials()) {
      if (id.stage() == 0) {
        @SuppressWarnings("unchecked") Map<String, Object> config = JSON.readValue(
            Files.readString(root.resolve(id.path()).resolve("config")), Map.class);
        config.remove("seed");
        drawn.add(config);
        sampled++;
      }
    }
    assertThat(drawn).hasSize(sampled).hasSize(2 * (9 + 5 + 3));

    Cli.Run run = ok("run", root.toString(), "-j", "2");
    assertThat(run.out()).contains("Finished all 44 trials");
    for (TrialId id : search.trials()) {
      assertThat(root.resolve(id.path()).resolve("result")).exists();
    }
    assertThat(root.resolve("best.yaml")).content().contains("found: true");

    String status = ok("status", root.toString()).out();
    assertThat(status).contains("Bracket 0 (iteration 0)  3/3 stages complete")
        .contains("Bracket 2 (iteration 0)  1/1 stages complete")
        .contains("Bracket 3 (iteration 1)  3/3 stages complete")
        .contains("Bracket 5 (iteration 1)  1/1 stages complete");
    JsonNode json = JSON.readTree(ok("status", root.toString(), "--json").out());
    List<Integer> iterations = new java.util.ArrayList<>();
    json.get("brackets").forEach(b -> iterations.add(b.get("iteration").asInt()));
    assertThat(iterations).containsExactly(0, 0, 0, 1, 1, 1);

    JsonNode rows = JSON.readTree(ok("results", root.toString(), "--format", "json").out());
    assertThat(rows).hasSize(44);
    rows.forEach(r -> assertThat(r.get("iteration").asInt()).as(r.get("trial").asText())
        .isEqualTo(r.get("bracket").asInt() / 3));

    Path report = tmp.resolve("report.html");
    ok("report", root.toString(), "-o", report.toString());
    assertThat(Files.readString(report)).contains("6 brackets in 2 iterations").contains("Bracket 4 (iteration 1): objective by budget");
  }

  @Test
  void theManifestReplaysTheIterationsAndTheIncumbentRule() throws Exception {
    Path first = TestSearch.generate(tmp.resolve("first"), "1", "3", "--iterations", "3", "--incumbent", "all",
        "--trainer", "true");
    Path again = tmp.resolve("again");
    ok("generate", "--from", first.resolve("hbgen.yaml").toString(), "-o", again.toString());
    SearchDir a = SearchDir.open(first);
    SearchDir b = SearchDir.open(again);
    assertThat(b.plan()).isEqualTo(a.plan());
    assertThat(b.plan().iterations()).isEqualTo(3);
    assertThat(b.incumbent()).isEqualTo(hbgen.trial.Incumbent.ALL);
    for (TrialId id : a.trials()) {
      if (id.stage() == 0) {
        assertThat(again.resolve(id.path()).resolve("config")).hasSameTextualContentAs(first.resolve(id.path()).resolve("config"));
      }
    }
    Cli.Run differs = Cli.run("generate", "--from", first.resolve("hbgen.yaml").toString(), "-o",
        tmp.resolve("third").toString(), "--iterations", "2");
    assertThat(differs.code()).isEqualTo(2);
    assertThat(differs.err()).isEqualTo("hbgen: --iterations 2 differs from the search's iterations 3\n");
  }

  @Test
  void aManifestWhoseIterationsDisagreeWithItsBracketsIsRefused() throws Exception {
    Path root = TestSearch.generate(tmp.resolve("edited"), "1", "3", "--iterations", "2", "--trainer", "true");
    Path manifest = root.resolve("hbgen.yaml");
    Files.writeString(manifest, Files.readString(manifest).replace("  iterations: 2\n", "  iterations: 3\n"));
    Cli.Run r = Cli.run("status", root.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("hbgen: " + manifest + ":").endsWith(
        "plan.iterations is 3, but the brackets span 2 (bracket I is in iteration I / (s_max+1))\n").hasLineCount(1);
  }

  @Test
  void thePlanPrintoutShowsTheIterationsAndTheTotal() {
    String out = ok("generate", "2", "3", "--iterations", "2").out();
    String one = ok("generate", "2", "3").out();
    assertThat(out).startsWith("Hyperband Search, 2 iterations (cost: 156.00)\n  Iteration 0 (cost: 78.00)\n    Bracket 0")
        .contains("  Iteration 1 (cost: 78.00)\n    Bracket 3 (cost: 27.00)\n");
    assertThat(one).startsWith("Hyperband Search (cost: 78.00)\n  Bracket 0 (cost: 27.00)\n");
  }

  @Test
  void badValuesAreOneLineUsageErrors() {
    Cli.Run zero = Cli.run("generate", "2", "3", "--iterations", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("hbgen: --iterations must be between 1 and 10000, was 0\n");
    Cli.Run rule = Cli.run("generate", "2", "3", "--incumbent", "best");
    assertThat(rule.code()).isEqualTo(2);
    assertThat(rule.err()).isEqualTo("hbgen: --incumbent must be top-budget or all, was 'best'\n");
    assertThat(tmp.resolve("out")).doesNotExist();
  }
}
