package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.RunLock;
import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hbgen extend DIR --iterations K}: the search becomes {@code generate --iterations OLD+K}, reusing every result. */
class ExtendCommandTest {
  @TempDir Path tmp;

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  /** Every file under root but the trial directories of brackets >= {@code firstNew}, by relative path. */
  static Map<String, String> earlierTrials(Path root, int firstNew) throws Exception {
    Map<String, String> out = new TreeMap<>();
    RandomAndGridCommandTest.digests(root).forEach((path, digest) -> {
      if (path.startsWith("bracket-") && Integer.parseInt(path.split("[-/]")[1]) < firstNew) {
        out.put(path, digest);
      }
    });
    return out;
  }

  /** The stage-0 configuration files of a search, by trial. */
  static Map<String, String> stage0Configs(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (TrialId id : SearchDir.open(root).trials()) {
      if (id.stage() == 0) {
        out.put(id.path(), Files.readString(root.resolve(id.path()).resolve("config")));
      }
    }
    return out;
  }

  @Test
  void extendingAFinishedSearchEqualsGeneratingMoreIterationsAndRunsOnlyTheNewTrials() throws Exception {
    String trainer = TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC);
    String[] args = {"2", "3", "--objective", "accuracy", "--maximize", "--trainer", trainer, "--bracket", "0",
        "--bracket", "2"};
    Path root = TestSearch.generate(tmp.resolve("a"), args);
    ok("run", root.toString(), "-j", "2");
    assertThat(root.resolve("best.yaml")).exists();
    assertThat(root.resolve("config")).exists();
    Map<String, String> before = earlierTrials(root, 3);
    String ledger = Files.readString(root.resolve("results.tsv"));
    Map<String, Integer> callsBefore = TestSearch.count(tmp.resolve("trainer/calls"), "start ");

    Cli.Run extend = ok("extend", root.toString(), "--iterations", "2");
    assertThat(extend.out()).contains("Added 2 iterations");
    // Earlier trials untouched, results not rewritten, the search no longer claims to be finished.
    assertThat(earlierTrials(root, 3)).isEqualTo(before);
    assertThat(Files.readString(root.resolve("results.tsv"))).isEqualTo(ledger);
    assertThat(root.resolve("best.yaml")).doesNotExist();
    assertThat(root.resolve("config")).doesNotExist();
    SearchDir search = SearchDir.open(root);
    assertThat(search.plan().iterations()).isEqualTo(3);
    assertThat(search.plan().brackets()).extracting(b -> b.index()).containsExactly(0, 2, 3, 5, 6, 8);
    @SuppressWarnings("unchecked") List<Map<String, Object>> extended =
        (List<Map<String, Object>>) search.manifest().get("extended");
    assertThat(extended).hasSize(1);
    assertThat(extended.get(0)).containsEntry("iterations", 2).containsKey("time");

    // The same configurations, byte for byte, as generate --iterations 3 with the same seed.
    String[] three = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--iterations", "3")).toArray(String[]::new);
    Path fresh = TestSearch.generate(tmp.resolve("fresh"), three);
    assertThat(stage0Configs(root)).isEqualTo(stage0Configs(fresh)).hasSize(3 * (9 + 3));
    assertThat(SearchDir.open(fresh).plan()).isEqualTo(search.plan());
    assertThat(root.resolve("Snakefile")).hasSameTextualContentAs(fresh.resolve("Snakefile"));
    // generate --from the extended search writes the same plan and configurations.
    Path again = tmp.resolve("again");
    ok("generate", "--from", root.resolve("hbgen.yaml").toString(), "-o", again.toString());
    assertThat(SearchDir.open(again).plan()).isEqualTo(search.plan());
    assertThat(stage0Configs(again)).isEqualTo(stage0Configs(root));

    // hbgen run runs the new trials, once each, and none of the earlier ones again.
    ok("run", root.toString(), "-j", "2");
    Map<String, Integer> calls = TestSearch.count(tmp.resolve("trainer/calls"), "start ");
    Set<String> newTrials = search.trials().stream().filter(id -> id.bracket() >= 3)
        .map(id -> root.resolve(id.path()).toAbsolutePath().normalize().toString()).collect(Collectors.toSet());
    Map<String, Integer> added = new TreeMap<>(calls);
    callsBefore.forEach((trial, n) -> {
      assertThat(calls.get(trial)).as(trial).isEqualTo(n);
      added.remove(trial);
    });
    assertThat(added.keySet()).isNotEmpty();
    added.values().forEach(n -> assertThat(n).isEqualTo(1));
    assertThat(newTrials).containsAll(added.keySet());
    assertThat(earlierTrials(root, 3)).isEqualTo(before);
    assertThat(Files.readString(root.resolve("results.tsv"))).startsWith(ledger).isNotEqualTo(ledger);
    assertThat(root.resolve("best.yaml")).content().contains("found: true");
    for (TrialId id : search.trials()) {
      Path dir = root.resolve(id.path());
      assertThat(Files.exists(dir.resolve("result")) || Files.exists(dir.resolve("failed"))
          || Files.exists(dir.resolve("skipped"))).as(id.path()).isTrue();
    }

    // Extending again records a second extension.
    ok("extend", root.toString(), "--iterations", "1");
    @SuppressWarnings("unchecked") List<Map<String, Object>> twice =
        (List<Map<String, Object>>) SearchDir.open(root).manifest().get("extended");
    assertThat(twice).extracting(e -> e.get("iterations")).containsExactly(2, 1);
    assertThat(SearchDir.open(root).plan().iterations()).isEqualTo(4);
  }

  /** Runs a refused extend: its exit code, one line on stderr containing {@code expected}, and nothing changed. */
  private void refused(Path root, int code, String expected, String... args) throws Exception {
    Map<String, String> tree = RandomAndGridCommandTest.digests(root);
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(expected);
    assertThat(RandomAndGridCommandTest.digests(root)).isEqualTo(tree);
  }

  @Test
  void refusalsChangeNothing() throws Exception {
    Path hb = TestSearch.generate(tmp.resolve("hb"), "2", "3");
    String d = hb.toString();
    refused(hb, 2, "--iterations must be >= 1", "extend", d, "--iterations", "0");
    refused(hb, 2, "--yes", "extend", d, "--iterations", "8000");

    Path random = tmp.resolve("random");
    ok("random", "4", "-o", random.toString(), "--budget", "3", "--random-seed", "1");
    refused(random, 2, "hbgen random N -o", "extend", random.toString(), "--iterations", "1");

    Path space = tmp.resolve("g.yaml");
    Files.writeString(space, "parameters:\n  a: {choice: [1, 2, 3]}\n");
    Path grid = tmp.resolve("grid");
    ok("grid", "-o", grid.toString(), "--space", space.toString(), "--trainer", "t", "--random-seed", "1");
    refused(grid, 2, "is a grid search", "extend", grid.toString(), "--iterations", "1");

    Path edited = hb.resolve("bracket-1/stage-0/config-0/config");
    Files.writeString(edited, Files.readString(edited) + " ");
    refused(hb, 2, "differs from what the search's recorded command draws", "extend", d, "--iterations", "1");
  }

  @Test
  void refusedWhileAnEngineHoldsTheSearch() throws Exception {
    Path hb = TestSearch.generate(tmp.resolve("hb"), "1", "3");
    try (RunLock lock = RunLock.acquire(hb)) {
      refused(hb, 1, hb.toString(), "extend", hb.toString(), "--iterations", "1");
    }
  }

  @Test
  void extendsAStoppedSearchToo() throws Exception {
    Path hb = TestSearch.generate(tmp.resolve("hb"), "1", "3", "--iterations", "2");
    Map<String, String> before = earlierTrials(hb, 4);
    ok("extend", hb.toString(), "--iterations", "1");
    assertThat(earlierTrials(hb, 4)).isEqualTo(before);
    Path fresh = TestSearch.generate(tmp.resolve("fresh"), "1", "3", "--iterations", "3");
    assertThat(stage0Configs(hb)).isEqualTo(stage0Configs(fresh));
    assertThat(SearchDir.open(hb).manifest().get("command").toString()).contains("--iterations, 3");
  }
}
