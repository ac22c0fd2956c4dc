package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search of two iterations under real Snakemake and under {@code hbgen run}: the same trials, promotions and best. */
@Tag("engine")
class IterationsSnakemakeTest {
  @TempDir Path tmp;

  @Test
  void bothEnginesRunEveryIterationAlike() throws Exception {
    Engines.require("snakemake");
    String trainer = TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC);
    String[] args = {"1", "3", "--iterations", "2", "--objective", "accuracy", "--maximize", "--trainer", trainer};
    Path embedded = TestSearch.generate(tmp.resolve("embedded"), args);
    Path snakemake = TestSearch.generate(tmp.resolve("snakemake"), args);

    Cli.Run run = Cli.run("run", embedded.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Engines.Result dry = Engines.exec(snakemake, 120, "snakemake", "-n", "-j", "2");
    assertThat(dry.code()).as(dry.output()).isZero();
    Engines.Result sm = Engines.exec(snakemake, 600, "snakemake", "-j", "2");
    assertThat(sm.code()).as(sm.output()).isZero();

    SearchDir search = SearchDir.open(snakemake);
    assertThat(search.plan().brackets()).extracting(b -> b.index()).containsExactly(0, 1, 2, 3);
    for (TrialId id : search.trials()) {
      for (String file : new String[] {"config", "result", "promoted-from", "failed", "skipped"}) {
        Path a = embedded.resolve(id.path()).resolve(file);
        Path b = snakemake.resolve(id.path()).resolve(file);
        assertThat(Files.exists(b)).as(id.path() + "/" + file).isEqualTo(Files.exists(a));
        if (Files.exists(a) && !file.equals("failed")) {
          assertThat(b).as(id.path() + "/" + file).hasSameTextualContentAs(a);
        }
      }
    }
    assertThat(snakemake.resolve("best.yaml")).hasSameTextualContentAs(embedded.resolve("best.yaml"));
    assertThat(Files.readString(snakemake.resolve("best.yaml"))).contains("found: true");
  }
}
