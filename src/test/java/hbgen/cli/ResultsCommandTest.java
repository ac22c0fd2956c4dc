package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.results.ResultsTable;
import hbgen.results.SearchFixture;
import hbgen.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCommandTest {
  @TempDir Path tmp;

  @Test
  void printsOneCsvRowPerTrialAfterTheHeader() {
    SearchFixture f = SearchFixture.finished(tmp);
    Cli.Run r = Cli.run("results", f.root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines()).hasSize(23);
    assertThat(r.out()).startsWith(String.join(",", ResultsTable.FIXED) + ",metrics_accuracy,metrics_loss,params_C,");
    assertThat(r.out().lines().skip(13).findFirst().orElseThrow())
        .startsWith("12,bracket-0/stage-2/config-0,0,0,2,0,9,completed,0.97,2026-01-01T00:02:00Z,2026-01-01T00:02:00Z,4,1,node-7,99,"
            + "bracket-0/stage-1/config-0,,,0.97,0.05,");
  }

  @Test
  void filtersByStateAndSortsByValueInTheSearchsDirection() {
    SearchFixture f = SearchFixture.finished(tmp);
    Cli.Run r = Cli.run("results", f.root.toString(), "--state", "completed,skipped", "--sort", "--format", "tsv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).map(l -> l.split("\t")[1]).toList()).startsWith(
        "bracket-0/stage-2/config-0", "bracket-0/stage-1/config-0", "bracket-0/stage-0/config-8")
        .endsWith("bracket-1/stage-1/config-0").hasSize(17);
  }

  @Test
  void writesJsonWhenAsked() {
    Cli.Run r = Cli.run("results", SearchFixture.finished(tmp).root.toString(), "--format", "JSON", "--state", "failed");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("[\n{\"number\":13,\"trial\":\"bracket-1/stage-0/config-0\",").endsWith("}\n]\n");
    assertThat(r.out().lines()).hasSize(7);
  }

  @Test
  void anEmptySearchPrintsTheHeaderAndSaysItHasNotFinished() {
    SearchFixture f = SearchFixture.create(tmp);
    Cli.Run r = Cli.run("results", f.root.toString(), "--state", "completed");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(String.join(",", ResultsTable.FIXED) + "\n");
    assertThat(r.err()).isEqualTo("hbgen: search not finished: 0 of 22 trials finished; 17 pending, 5 unfilled\n");
  }

  @Test
  void aTornLedgerLineIsReportedAndTheTrialFilesAreUsed() {
    SearchFixture f = SearchFixture.finished(tmp).write("results.tsv", hbgen.search.SearchWriter.LEDGER_HEADER + "2026-01\tbrack\n");
    Cli.Run r = Cli.run("results", f.root.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(23);
    assertThat(r.err()).isEqualTo("hbgen: " + f.root.resolve("results.tsv")
        + ": 1 malformed line ignored (first: line 2)\n");
  }

  @Test
  void anUnknownStateIsAUsageError() {
    Cli.Run r = Cli.run("results", SearchFixture.create(tmp).root.toString(), "--state", "done");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("hbgen: --state: unknown trial state 'done' (expected one of completed, failed, "
        + "skipped, running, unverified, interrupted, pending, unproposed, unfilled)\n");
  }

  @Test
  void aDirectoryThatIsNotASearchIsAUsageError() {
    Cli.Run r = Cli.run("results", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("hbgen: " + tmp + ": not an hbgen search");
  }
}
