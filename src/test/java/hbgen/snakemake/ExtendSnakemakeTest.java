package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished search extended by {@code hbgen extend}: real Snakemake runs only the new iteration's trials. */
@Tag("engine")
class ExtendSnakemakeTest {
  @TempDir Path tmp;

  @Test
  void snakemakeRunsOnlyTheNewTrialsAndWritesTheBestAgain() throws Exception {
    Engines.require("snakemake");
    String trainer = TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC);
    Path root = TestSearch.generate(tmp.resolve("s"), "1", "3", "--objective", "accuracy", "--maximize",
        "--trainer", trainer);
    Engines.Result first = Engines.exec(root, 600, "snakemake", "--snakefile", root.resolve("Snakefile").toString(), "-j", "2");
    assertThat(first.code()).as(first.output()).isZero();
    Map<String, Integer> before = TestSearch.count(tmp.resolve("trainer/calls"), "start ");
    String ledger = Files.readString(root.resolve("results.tsv"));

    Cli.Run extend = Cli.run("extend", root.toString(), "--iterations", "1");
    assertThat(extend.code()).as(extend.err()).isZero();
    assertThat(root.resolve("best.yaml")).doesNotExist();

    Engines.Result second = Engines.exec(root, 600, "snakemake", "--snakefile", root.resolve("Snakefile").toString(), "-j", "2");
    assertThat(second.code()).as(second.output()).isZero();
    Map<String, Integer> calls = TestSearch.count(tmp.resolve("trainer/calls"), "start ");
    SearchDir search = SearchDir.open(root);
    Set<String> newTrials = search.trials().stream().filter(id -> id.bracket() >= 2)
        .map(id -> root.resolve(id.path()).toAbsolutePath().normalize().toString()).collect(Collectors.toSet());
    Map<String, Integer> added = new TreeMap<>(calls);
    before.forEach((trial, n) -> {
      assertThat(calls.get(trial)).as(trial).isEqualTo(n);
      added.remove(trial);
    });
    assertThat(added).isNotEmpty();
    assertThat(newTrials).containsAll(added.keySet());
    assertThat(added.values()).allMatch(n -> n == 1);
    for (TrialId id : search.trials()) {
      Path dir = root.resolve(id.path());
      assertThat(Files.exists(dir.resolve("result")) || Files.exists(dir.resolve("failed"))
          || Files.exists(dir.resolve("skipped"))).as(id.path()).isTrue();
    }
    assertThat(Files.readString(root.resolve("results.tsv"))).startsWith(ledger).isNotEqualTo(ledger);
    assertThat(root.resolve("best.yaml")).content().contains("found: true");
  }
}
